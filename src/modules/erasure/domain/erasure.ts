/**
 * The steps of an erasure, in order; each is safe to repeat, so a run after a crash starts again at the
 * step it had reached. cancel: the user's documents stop (deliveries, storage, restores, listings); objects:
 * every bucket object that may hold one of them goes; purge: their rows and attempts go, and failed kernel
 * messages about the user; notifications: the notification log forgets the user.
 */
export const ERASURE_STEPS = ['cancel', 'objects', 'purge', 'notifications', 'done'] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

export type ErasureState = 'Running' | 'Done';

/** An erasure as its record keeps it: counts, not data. The user id is kept, to answer who was erased. */
export interface Erasure {
  id: string;
  clientId: string;
  userId: string;
  state: ErasureState;
  step: ErasureStep;
  /** Documents received up to this instant are erased; later ones are kept. */
  requestedAt: Date;
  /** Set by the cancel step: facts about the user up to this instant are not notified any more. */
  factsUntil: Date | null;
  /** Set by the cancel step: a worker that held one of the documents may be finishing with it until then. */
  heldUntil: Date | null;
  documents: number | null;
  objects: number | null;
  notifications: number | null;
}

export function nextStep(step: ErasureStep): ErasureStep {
  return ERASURE_STEPS[Math.min(ERASURE_STEPS.indexOf(step) + 1, ERASURE_STEPS.length - 1)];
}

/** The API's view: the counts removed so far (0 until a step counted them). */
export function erasureView(erasure: Erasure) {
  return {
    id: erasure.id,
    userId: erasure.userId,
    state: erasure.state,
    documents: erasure.documents ?? 0,
    objects: erasure.objects ?? 0,
    notifications: erasure.notifications ?? 0,
  };
}
