import type { EntityManager } from 'typeorm';
import type { DocumentKind } from '../document.js';
import type { Environment } from '../environment.js';

/** One user of one client: whom an erasure is about. */
export interface UserRef {
  clientId: string;
  userId: string;
}

/**
 * A document that was waiting for the rejected bucket when it was cancelled: a worker may have written its object
 * and died before recording it, on any day from its creation until the cancellation.
 */
export interface UnrecordedStorage {
  documentId: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  from: Date;
  to: Date;
}

/** One page of a cancellation. */
export interface CancelledPage {
  /** Documents cancelled by this page. */
  cancelled: number;
  /** Until when a worker that held one of them may still be finishing with it; null when none was held. */
  heldUntil: Date | null;
  /** Those that waited for the rejected bucket. */
  unrecorded: UnrecordedStorage[];
}

/**
 * The erasure of one user's documents, in pages an erasure job can repeat after a crash: cancel, then (once their
 * objects are gone) purge. Provided by the Delivery module, the owner of the records.
 */
export abstract class DocumentErasure {
  /**
   * Cancels up to `limit` more documents of the user received up to `receivedBy`, whatever their state: from now
   * on none is attempted, stored or shown, a worker holding one loses it, and a later document of the same user no
   * longer waits behind one. Runs in the caller's transaction, so the caller records the page's progress with it.
   * A page of fewer than `limit` is the last.
   */
  abstract cancel(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<CancelledPage>;
  /** Deletes up to `limit` cancelled documents of the user, with their bodies and attempts; returns how many. */
  abstract purge(user: UserRef, limit: number): Promise<number>;
}
