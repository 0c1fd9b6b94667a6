import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { HookTarget } from '../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../domain/ports/hook-gate.js';
import { RetryPolicy } from '../../../domain/ports/retry-policy.js';
import { isGone, requestedPauseUntil } from '../../../domain/receiver-answer.js';
import { createEvent } from '../../../domain/events.js';
import type { LeasedDocument } from '../domain/ledger-document.js';
import { afterScheduledAttempt, type LedgerChange } from '../domain/transitions.js';
import { DataHookPoster, type PostedAttempt } from './data-hook-poster.js';
import { attemptEvents, exhaustedEvent } from './delivery-events.js';
import { LedgerDoorbell } from './ledger-doorbell.js';
import { DocumentLedger } from './ports/document-ledger.js';
import { workerName } from './worker-name.js';

/** Most documents one round claims for a hook; the hook's limits may grant fewer. */
export const ATTEMPTS_PER_ROUND = 100;
/** A lease outlives the longest attempt (and a rate-limited hook's pacing) by this much, so a slow but live worker is not taken over. */
export const LEASE_MARGIN_MS = 5_000;

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
  constructor(
    private readonly ledger: DocumentLedger,
    private readonly gate: HookGate,
    private readonly retries: RetryPolicy,
    private readonly poster: DataHookPoster,
    private readonly doorbell: LedgerDoorbell,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async run(hook: HookTarget): Promise<RoundResult> {
    const skipped = hook.status === 'Suspended' ? await this.skipToBucket(hook) : 0;
    const admission = await this.gate.admit(hook, ATTEMPTS_PER_ROUND);
    if (admission.granted === 0) {
      if (admission.retryAt) this.doorbell.dueAt(hook.id, admission.retryAt);
      return { more: skipped > 0 };
    }
    const owner = `${workerName}:${randomUUID()}`;
    let documents: LeasedDocument[];
    let posted: { document: LeasedDocument; attempt: PostedAttempt }[];
    try {
      documents = await this.ledger.claimAttempts(
        { hookId: hook.id, limit: admission.granted, leaseMs: this.config.deliveryTimeoutMs + LEASE_MARGIN_MS, owner },
        hook.ordering === 'user',
      );
      await admission.keep(documents.length);
      // A rate-limited hook's starts are reserved now that the documents are in hand, so none goes late and bunched.
      const startsInMs = await admission.pace(documents.length);
      const pacedAt = Date.now();
      posted = await Promise.all(documents.map((document, i) => this.send(hook, document, pacedAt + startsInMs[i], admission)));
    } finally {
      await admission.release();
    }
    if (documents.length === 0) return { more: skipped > 0 };

    const now = new Date();
    this.pauseIfAsked(hook, posted, now);
    const outcomes = posted.map(({ document, attempt }) => ({ document, attempt, change: this.changeAfter(document, attempt, now) }));
    await this.record(outcomes, owner);
    const retries = outcomes.flatMap(({ change }) => (change.exhaustedReason === null && change.nextAttemptAt ? [change.nextAttemptAt] : []));
    this.doorbell.dueAt(hook.id, ...retries);
    const exhausted = outcomes.some(({ change }) => change.exhaustedReason !== null);
    const settled = outcomes.some(({ change }) => change.status !== 'Pending');
    return { more: documents.length === admission.granted || exhausted || (hook.ordering === 'user' && settled) || skipped > 0 };
  }

  private async send(hook: HookTarget, document: LeasedDocument, startAt: number, admission: Admission) {
    for (let at = startAt; ; ) {
      if (at > Date.now()) await sleep(at - Date.now());
      // Woken late (a busy event loop): a new start, rather than go bunched with the next request.
      if (!hook.rateLimit || Date.now() - at <= 250 / hook.rateLimit) break;
      at = Date.now() + (await admission.pace(1))[0];
    }
    const trigger = document.scheduledAttempts === 1 ? 'initial' : 'retry';
    const attempt = await this.poster.post(hook, { document, attempt: document.attempts, scheduledAttempt: document.scheduledAttempts, trigger });
    return { document, attempt };
  }

  private changeAfter(document: LeasedDocument, { accepted, answer, record }: PostedAttempt, now: Date): LedgerChange {
    const decision = accepted
      ? null
      : this.retries.afterFailure({ scheduledAttempt: document.scheduledAttempts, firstAttemptAt: document.firstAttemptedAt, answer, at: record.attemptedAt });
    return afterScheduledAttempt(accepted, decision, now);
  }

  /** The receiver asked us to wait: the hook pauses everywhere at once, and its alarm rings when the pause ends. */
  private pauseIfAsked(hook: HookTarget, posted: readonly { attempt: PostedAttempt }[], now: Date): void {
    const pauses = posted.map(({ attempt }) => requestedPauseUntil(attempt.answer, now, this.config.maxRetryAfterMs)).filter((at): at is Date => at !== null);
    if (pauses.length === 0) return;
    const until = new Date(Math.max(...pauses.map((at) => at.getTime())));
    void this.gate.pause(hook.id, until).catch(() => undefined);
    this.doorbell.dueAt(hook.id, until);
  }

  private async record(outcomes: readonly { document: LeasedDocument; attempt: PostedAttempt; change: LedgerChange }[], owner: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const changed = await this.ledger.recordAttempts(
        tx,
        outcomes.map(({ attempt, change }) => ({ record: attempt.record, change })),
        owner,
      );
      // A document this worker no longer held was taken over, or delivered by a redelivery: its events are not ours to tell.
      const told = outcomes.filter(({ document }) => changed.has(document.id));
      await this.bus.publish(tx, ...attemptEvents(told.map(({ document, attempt, change }) => ({ document, record: attempt.record, accepted: attempt.accepted, change }))));
      if (told.some(({ attempt }) => isGone(attempt.answer))) {
        await this.bus.publish(tx, createEvent('receiver.gone', { hookId: told[0].document.hookId, clientId: told[0].document.clientId, environment: told[0].document.environment }));
      }
    });
  }

  /** New documents of a Suspended hook go straight to the bucket, announced as exhausted. */
  private async skipToBucket(hook: HookTarget): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const skipped = await this.ledger.skipToBucket(tx, hook.id);
      if (skipped.length > 0) await this.bus.publish(tx, exhaustedEvent(skipped.map((document) => ({ document, attempts: document.attempts, reason: 'hook_suspended' }))));
      return skipped.length;
    });
  }
}
