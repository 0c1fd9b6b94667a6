import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventBus, NotYet } from '../../../../../libs/kernel/index.js';
import type { ObjectLocation } from '../../../../domain/document.js';
import { DocumentDelivery, type DeliveryOutcome, type DeliveryRequest } from '../../../../domain/ports/document-delivery.js';
import { HookDirectory, type HookTarget } from '../../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../../domain/ports/hook-gate.js';
import { RejectedBucket, type KeptDocument } from '../../../../domain/ports/rejected-bucket.js';
import { RetryPolicy } from '../../../../domain/ports/retry-policy.js';
import { BodyGone, NoDataHook } from '../domain/delivery.errors.js';
import type { StoredDocument } from '../domain/ledger-document.js';
import { bodyWhereabouts } from '../domain/transitions.js';
import { DataHookPoster, type PostedAttempt } from './data-hook-poster.js';
import { attemptEvents, type RecordedAttempt } from './delivery-events.js';
import { DocumentLedger } from './ports/document-ledger.js';
import { DocumentLookup } from './ports/document-lookup.js';

/** How often a throttled request asks the gate again while the hook's slots are busy. */
const GATE_POLL_MS = 100;
/** A throttled attempt waits this long at most for the gate; a longer wait (a pause) is handed back to its job. */
const LONGEST_WAIT_MS = 1_000;
const SUCCESS = { status: 'Success', dueAt: null, exhaustedReason: null } as const;

/**
 * Attempts a client asked for (resend, redeliver, replay): made now, whatever the hook's status, and recorded like
 * any other. Accepted, the document is Success wherever it was (a document in the bucket leaves it); a
 * failure schedules nothing and exhausts nothing.
 */
@Injectable()
export class RequestedDelivery extends DocumentDelivery {
  private readonly logger = new Logger('RequestedDelivery');

  constructor(
    private readonly queries: DocumentLookup,
    private readonly ledger: DocumentLedger,
    private readonly hooks: HookDirectory,
    private readonly gate: HookGate,
    private readonly bucket: RejectedBucket,
    private readonly poster: DataHookPoster,
    private readonly bus: EventBus,
    private readonly retries: RetryPolicy,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async deliverNow(request: DeliveryRequest): Promise<DeliveryOutcome | null> {
    const found = await this.queries.find(request.documentId, request.clientId);
    if (!found) return request.kept ? this.deliverKept(request, request.kept) : null;
    const hook = await this.dataHookOf(found);
    const rejected = found.status === 'Stored' ? (await this.bucket.whereabouts([found.id])).get(found.id) : undefined;
    const where = bodyWhereabouts(await this.queries.body(found), rejected);
    if (where.in === 'nowhere') throw new BodyGone(found.id, where.why);
    const data = where.in === 'ledger' ? where.data : await this.dataFromBucket(where);
    // The object left the bucket meanwhile (its retention ended): as gone as the sweep is about to say.
    if (data === null) throw new BodyGone(found.id, 'expired');

    const admission = request.throttled ? await this.admitted(hook, request.signal) : null;
    request.onAdmitted?.();
    const number = await this.ledger.takeRequested(found.id, found.createdAt).catch(async (error: unknown) => {
      await admission?.release();
      throw error;
    });
    if (!number) {
      await admission?.release();
      return null;
    }
    const posted = await this.poster
      .post(hook, { document: { ...found, data }, attempt: number.attempt, scheduledAttempt: null, trigger: request.trigger }, request.signal)
      .finally(() => admission?.release());
    // Stopped because the job that asked lost its lease: not an attempt of ours to record.
    if (posted.cancelled) request.signal?.throwIfAborted();
    await this.pauseIfAsked(hook, posted);
    const fromBucket = where.in === 'bucket' ? { bucket: where.bucket, key: where.key } : null;
    await this.dataSource.transaction(async (tx) => {
      if (await this.ledger.recordRequested(tx, posted.record, posted.accepted, data)) await this.tell(tx, found, posted, fromBucket);
    });
    // Out of the bucket at once when S3 answers; otherwise the bucket-cleanup actor, told by the event, keeps trying.
    if (posted.accepted && fromBucket) await this.bucket.remove(fromBucket).catch(() => undefined);
    return outcomeOf(found.id, found.clientId, hook, posted);
  }

  async wasDelivered(documentId: string): Promise<boolean> {
    return (await this.queries.find(documentId, null))?.status === 'Success';
  }

  /**
   * A document whose record is gone after EVENT_RETENTION while RejectedStore still keeps its object (a restore
   * brought it back): sent from the object, numbered after the attempts RejectedStore counted, and announced so
   * that an accepted one leaves the bucket. Nothing is left in the ledger to record it in.
   */
  private async deliverKept(request: DeliveryRequest, kept: KeptDocument): Promise<DeliveryOutcome | null> {
    const hook = await this.dataHookOf({ ...kept, hookId: kept.hookId });
    const data = await this.dataFromBucket(kept.object);
    if (data === null) throw new BodyGone(kept.documentId, 'expired');
    const admission = request.throttled ? await this.admitted(hook, request.signal) : null;
    request.onAdmitted?.();
    const document = { id: kept.documentId, clientId: kept.clientId, hookId: kept.hookId, environment: kept.environment, kind: kept.kind, type: kept.type, userId: kept.userId };
    // Its record, and with it the ingest's trace, is gone: this attempt starts a trace of its own.
    const posted = await this.poster
      .post(hook, { document: { ...document, createdAt: kept.createdAt, data, traceParent: null }, attempt: kept.attempts + 1, scheduledAttempt: null, trigger: request.trigger }, request.signal)
      .finally(() => admission?.release());
    if (posted.cancelled) request.signal?.throwIfAborted();
    await this.pauseIfAsked(hook, posted);
    const fromBucket = { bucket: kept.object.bucket, key: kept.object.key };
    await this.dataSource.transaction((tx) => this.tell(tx, document, posted, fromBucket));
    if (posted.accepted) await this.bucket.remove(fromBucket).catch(() => undefined);
    return outcomeOf(kept.documentId, kept.clientId, hook, posted);
  }

  private tell(tx: Parameters<EventBus['publish']>[0], document: RecordedAttempt['document'], posted: PostedAttempt, fromBucket: ObjectLocation | null): Promise<void> {
    const { record, accepted } = posted;
    return this.bus.publish(tx, ...attemptEvents([{ document, record, accepted, change: accepted ? SUCCESS : null, fromBucket }]));
  }

  private async dataHookOf(document: Pick<StoredDocument, 'hookId' | 'clientId' | 'environment'>): Promise<HookTarget> {
    const hook = await this.hooks.findById(document.hookId);
    if (!hook) throw new NoDataHook(document.clientId, document.environment);
    return hook;
  }

  /** The stored body's `data`, re-serialized: the same JSON value. */
  private async dataFromBucket(location: ObjectLocation): Promise<string | null> {
    const text = await this.bucket.read(location);
    return text === null ? null : JSON.stringify((JSON.parse(text) as { data: unknown }).data ?? null);
  }

  /** The receiver asked us to wait (429 or 503 with Retry-After; Retry says until when): the hook pauses for every sender, a bulk job's next resends included. */
  private async pauseIfAsked(hook: HookTarget, posted: PostedAttempt): Promise<void> {
    const until = this.retries.requestedPause(posted.answer, new Date());
    if (!until) return;
    await this.gate.pause(hook.id, until).catch((error: Error) => this.logger.warn(`hook ${hook.id} asked to wait; its pause could not be recorded: ${error.message}`));
  }

  /** A bulk resend keeps to the hook's pause, rate and concurrency, waiting its turn (or until its job is taken over). */
  /** Waits its turn at the hook's gate; throws NotYet when the hook is paused for longer than a short wait. */
  private async admitted(hook: HookTarget, signal?: AbortSignal): Promise<Admission> {
    for (;;) {
      signal?.throwIfAborted();
      const admission = await this.gate.admit(hook, 1);
      if (admission.granted > 0) {
        const [startsInMs] = await admission.pace(1);
        if (startsInMs === 0) return admission;
        await sleep(startsInMs);
        // The hook may have been paused while this request waited its turn.
        const pausedMs = await this.gate.pausedFor(hook.id);
        if (pausedMs === 0) return admission;
        await admission.release();
        await this.waitOrHandBack(pausedMs, signal);
        continue;
      }
      await this.waitOrHandBack(admission.retryAt ? Math.max(0, admission.retryAt.getTime() - Date.now()) : GATE_POLL_MS, signal);
    }
  }

  private async waitOrHandBack(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms > LONGEST_WAIT_MS) throw new NotYet(new Date(Date.now() + ms));
    await sleep(ms, undefined, { signal });
  }

}

function outcomeOf(documentId: string, clientId: string, hook: HookTarget, { record, accepted }: PostedAttempt): DeliveryOutcome {
  return {
    documentId,
    clientId,
    hookId: hook.id,
    deliveryId: record.deliveryId,
    delivered: accepted,
    responseStatus: record.responseStatus,
    responseDurationMs: record.responseDurationMs,
    attemptedAt: record.attemptedAt.toISOString(),
    error: record.error,
  };
}
