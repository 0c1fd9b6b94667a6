import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventBus, Leases } from '../../../../../libs/kernel/index.js';
import type { HookTarget } from '../../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../../domain/ports/hook-gate.js';
import { RetryPolicy } from '../../../../domain/ports/retry-policy.js';
import { isGone } from '../../../../domain/receiver-answer.js';
import { createEvent } from '../../../../domain/events.js';
import { newId } from '../../../../domain/ids.js';
import type { LeasedDocument } from '../domain/ledger-document.js';
import { afterScheduledAttempt, type LedgerChange } from '../domain/transitions.js';
import { DataHookPoster, type PostedAttempt } from './data-hook-poster.js';
import { attemptEvents, exhaustedEvent } from './delivery-events.js';
import { LedgerDoorbell } from './ledger-doorbell.js';
import { DocumentLedger } from './ports/document-ledger.js';

/** Most documents one round claims for a hook; the hook's limits may grant fewer. */
export const ATTEMPTS_PER_ROUND = 100;
/** Most new documents of a Suspended hook one round sends to the bucket (one statement, one event). */
const SKIPPED_PER_ROUND = 500;

export interface RoundResult {
  /** Whether another round may find work right away. */
  more: boolean;
}

/**
 * One round of a hook's scheduled attempts: admitted by the hook's limits, claimed from the ledger, sent
 * side by side, decided by Retry, and recorded with their events in one transaction.
 */
@Injectable()
export class AttemptRound {
  private readonly logger = new Logger('AttemptRound');
  /** Hooks whose gate admitted nothing, and until when: no claim is made for them meanwhile. */
  private readonly refused = new Map<string, number>();
  /** Requests this process has in flight per hook: a round claims no more than the hook's free slots it can see. */
  private readonly inFlight = new Map<string, number>();
  /** Hooks a round left alone because this process held all their slots: rung again as soon as a slot is free. */
  private readonly waitingForRoom = new Set<string>();

  constructor(
    private readonly ledger: DocumentLedger,
    private readonly gate: HookGate,
    private readonly retries: RetryPolicy,
    private readonly poster: DataHookPoster,
    private readonly doorbell: LedgerDoorbell,
    private readonly bus: EventBus,
    private readonly leases: Leases,
    private readonly dataSource: DataSource,
  ) {}

  async run(hook: HookTarget): Promise<RoundResult> {
    const skipped = hook.status === 'Suspended' ? await this.skipToBucket(hook) : 0;
    const refusedUntil = Math.max(this.refused.get(hook.id) ?? 0, hook.pausedUntil?.getTime() ?? 0);
    if (refusedUntil > Date.now()) {
      this.doorbell.dueAt(hook.id, new Date(refusedUntil));
      return { more: skipped > 0 };
    }
    this.refused.delete(hook.id);
    // The documents first, then the gate for exactly as many: no slot is taken for a document that is not there.
    const limit = Math.min(ATTEMPTS_PER_ROUND, hook.maxInFlight - (this.inFlight.get(hook.id) ?? 0));
    if (limit <= 0) {
      this.waitingForRoom.add(hook.id);
      return { more: skipped > 0 };
    }
    const claimed = await this.ledger.claimAttempts({ hookId: hook.id, limit }, hook.ordering === 'user');
    if (claimed.documents.length === 0) return { more: skipped > 0 };
    const { lease } = claimed;
    const admission = await this.admit(hook, claimed.documents.map(({ id }) => id), lease.owner);
    const documents = claimed.documents.slice(0, admission.granted);
    if (documents.length === 0) return { more: skipped > 0 };
    // Admitted fewer than were due: the next round asks the gate again (and, refused, sets the hook's alarm).
    const crowded = documents.length < claimed.documents.length;
    // The lease is renewed while the round runs (a rate-limited hook's pacing may take longer than any one request).
    this.inFlight.set(hook.id, (this.inFlight.get(hook.id) ?? 0) + documents.length);
    const posted = await this.leases.hold(lease, async () => {
      try {
        const startsInMs = await admission.pace(documents.length);
        const pacedAt = Date.now();
        return await Promise.all(documents.map((document, i) => this.send(hook, document, pacedAt + startsInMs[i], admission, lease.signalOf(document.id))));
      } finally {
        await admission.release();
        this.roomMade(hook.id, documents.length);
      }
    });

    const now = new Date();
    // A document whose lease was lost meanwhile (an erasure took it) was not sent, or its send was stopped: nothing to record.
    const made = posted.filter(({ attempt }) => !attempt.cancelled);
    this.pauseIfAsked(hook, made, now);
    const outcomes = made.map(({ document, attempt }) => ({ document, attempt, change: this.changeAfter(document, attempt, now) }));
    await this.record(outcomes, lease.owner);
    const retries = outcomes.flatMap(({ change }) => (change.exhaustedReason === null && change.dueAt ? [change.dueAt] : []));
    this.doorbell.dueAt(hook.id, ...retries);
    const exhausted = outcomes.some(({ change }) => change.exhaustedReason !== null);
    const settled = outcomes.some(({ change }) => change.status !== 'Pending');
    return { more: claimed.documents.length === limit || crowded || exhausted || (hook.ordering === 'user' && settled) || skipped > 0 };
  }

  private roomMade(hookId: string, freed: number): void {
    const left = (this.inFlight.get(hookId) ?? 0) - freed;
    if (left > 0) this.inFlight.set(hookId, left);
    else this.inFlight.delete(hookId);
    if (this.waitingForRoom.delete(hookId)) this.doorbell.dueNow([{ hookId, cause: `room:${newId()}` }]);
  }

  /**
   * Asks the gate for the claimed documents; those it does not admit go back to the queue as they were. When it
   * admits none, this process asks again no sooner than the gate said (the hook's alarm rings then).
   */
  private async admit(hook: HookTarget, documentIds: readonly string[], owner: string): Promise<Admission> {
    const admission = await this.gate.admit(hook, documentIds.length).catch(async (error: unknown) => {
      await this.ledger.unclaimAttempts(documentIds, owner);
      throw error;
    });
    if (admission.granted < documentIds.length) await this.ledger.unclaimAttempts(documentIds.slice(admission.granted), owner);
    if (admission.granted === 0 && admission.retryAt) {
      this.refused.set(hook.id, admission.retryAt.getTime());
      this.doorbell.dueAt(hook.id, admission.retryAt);
    }
    return admission;
  }

  private async send(hook: HookTarget, document: LeasedDocument, startAt: number, admission: Admission, signal: AbortSignal) {
    for (let at = startAt; ; ) {
      if (at > Date.now()) await sleep(at - Date.now(), undefined, { signal }).catch(() => undefined);
      // Woken late (a busy event loop): a new start, rather than go bunched with the next request.
      if (signal.aborted || !hook.rateLimit || Date.now() - at <= 250 / hook.rateLimit) break;
      at = Date.now() + (await admission.pace(1))[0];
    }
    const trigger = document.scheduledAttempts === 1 ? 'initial' : 'retry';
    const attempt = await this.poster.post(hook, { document, attempt: document.attempts, scheduledAttempt: document.scheduledAttempts, trigger }, signal);
    return { document, attempt };
  }

  private changeAfter(document: LeasedDocument, { accepted, answer, record }: PostedAttempt, now: Date): LedgerChange {
    const decision = accepted
      ? null
      : this.retries.afterFailure({ scheduledAttempt: document.scheduledAttempts, firstAttemptAt: document.scheduledAttempts === 1 ? record.attemptedAt : document.firstAttemptedAt, answer, at: record.attemptedAt });
    return afterScheduledAttempt(accepted, decision, now);
  }

  /** The receiver asked us to wait (Retry says until when): the hook pauses everywhere at once, and its alarm rings when the pause ends. */
  private pauseIfAsked(hook: HookTarget, posted: readonly { attempt: PostedAttempt }[], now: Date): void {
    const pauses = posted.map(({ attempt }) => this.retries.requestedPause(attempt.answer, now)).filter((at): at is Date => at !== null);
    if (pauses.length === 0) return;
    const until = new Date(pauses.reduce((latest, at) => Math.max(latest, at.getTime()), 0));
    void this.gate.pause(hook.id, until).catch((error: Error) => this.logger.warn(`hook ${hook.id} asked to wait; its pause could not be recorded: ${error.message}`));
    this.doorbell.dueAt(hook.id, until);
  }

  private async record(outcomes: readonly { document: LeasedDocument; attempt: PostedAttempt; change: LedgerChange }[], owner: string): Promise<void> {
    const rows = outcomes.map(({ attempt, change }) => ({ record: attempt.record, change }));
    // The usual round, every document still ours: its attempts, ledger changes and events in one statement.
    const events = this.bus.inOneStatement(...this.eventsAbout(outcomes));
    if (await this.ledger.recordAttemptsAtOnce(rows, owner, events)) return events.ring();
    // Some document was taken meanwhile (an erasure, a redelivery): one transaction tells only of those still ours.
    await this.dataSource.transaction(async (tx) => {
      const changed = await this.ledger.recordAttempts(tx, rows, owner);
      await this.bus.publish(tx, ...this.eventsAbout(outcomes.filter(({ document }) => changed.has(document.id))));
    });
  }

  private eventsAbout(outcomes: readonly { document: LeasedDocument; attempt: PostedAttempt; change: LedgerChange }[]) {
    const events = attemptEvents(outcomes.map(({ document, attempt, change }) => ({ document, record: attempt.record, accepted: attempt.accepted, change })));
    const gone = outcomes.find(({ attempt }) => isGone(attempt.answer));
    if (gone) events.push(createEvent('receiver.gone', { hookId: gone.document.hookId, clientId: gone.document.clientId, environment: gone.document.environment }));
    return events;
  }

  /** New documents of a Suspended hook go straight to the bucket, announced as exhausted. */
  private async skipToBucket(hook: HookTarget): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const skipped = await this.ledger.skipToBucket(tx, hook.id, SKIPPED_PER_ROUND);
      if (skipped.length > 0) await this.bus.publish(tx, exhaustedEvent(skipped.map((document) => ({ document, attempts: document.attempts, reason: 'hook_suspended' }))));
      return skipped.length;
    });
  }
}
