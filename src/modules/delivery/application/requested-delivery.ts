import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { DocumentDelivery, type DeliveryOutcome, type DeliveryRequest } from '../../../domain/ports/document-delivery.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../domain/ports/hook-gate.js';
import { RejectedBucket } from '../../../domain/ports/rejected-bucket.js';
import { BodyGone, NoDataHook } from '../domain/delivery.errors.js';
import type { StoredDocument } from '../domain/ledger-document.js';
import { bodyWhereabouts } from '../domain/transitions.js';
import { DataHookPoster } from './data-hook-poster.js';
import { attemptEvents } from './delivery-events.js';
import { DocumentLedger } from './ports/document-ledger.js';
import { DocumentLookup } from './ports/document-lookup.js';

/** How often a throttled request asks the gate again while the hook's slots are busy. */
const GATE_POLL_MS = 100;

/**
 * Attempts a client asked for (resend, redeliver): made now, whatever the hook's status, and recorded like
 * any other. Accepted, the document is Success wherever it was (a document in the bucket leaves it); a
 * failure schedules nothing and exhausts nothing.
 */
@Injectable()
export class RequestedDelivery extends DocumentDelivery {
  constructor(
    private readonly queries: DocumentLookup,
    private readonly ledger: DocumentLedger,
    private readonly hooks: HookDirectory,
    private readonly gate: HookGate,
    private readonly bucket: RejectedBucket,
    private readonly poster: DataHookPoster,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async deliverNow(request: DeliveryRequest): Promise<DeliveryOutcome | null> {
    const found = await this.queries.find(request.documentId, request.clientId);
    if (!found) return null;
    const hook = await this.hooks.findById(found.hookId);
    if (!hook) throw new NoDataHook(found.clientId, found.environment);
    const where = bodyWhereabouts(found);
    if (where.in === 'nowhere') throw new BodyGone(found.id, where.why);
    const data = where.in === 'ledger' ? where.data : await this.dataFromBucket(found, where);
    // The object left the bucket meanwhile (its retention ended): as gone as the sweep is about to say.
    if (data === null) throw new BodyGone(found.id, 'expired');

    const admission = request.throttled ? await this.admitted(hook) : null;
    const document = await this.ledger.takeRequested(found.id, request.clientId);
    if (!document) {
      await admission?.release();
      return null;
    }
    const posted = await this.poster
      .post(hook, { document: { ...document, data }, attempt: document.attempts, scheduledAttempt: null, trigger: request.trigger })
      .finally(() => admission?.release());
    const { record, accepted } = posted;
    const fromBucket = where.in === 'bucket' ? { bucket: where.bucket, key: where.key } : null;
    await this.dataSource.transaction(async (tx) => {
      const change = accepted ? ({ status: 'Success', nextAttemptAt: null, exhaustedReason: null } as const) : null;
      if (await this.ledger.recordRequested(tx, record, change, data)) await this.bus.publish(tx, ...attemptEvents([{ document, record, accepted, change, fromBucket }]));
    });
    // Out of the bucket at once when S3 answers; otherwise the bucket-cleanup actor, told by the event, keeps trying.
    if (accepted && fromBucket) await this.bucket.remove(fromBucket).catch(() => undefined);
    return {
      documentId: document.id,
      clientId: document.clientId,
      hookId: hook.id,
      deliveryId: record.deliveryId,
      delivered: accepted,
      responseStatus: record.responseStatus,
      responseDurationMs: record.responseDurationMs,
      attemptedAt: record.attemptedAt.toISOString(),
      error: record.error,
    };
  }

  /** The stored body's `data`, re-serialized: the same JSON value. */
  private async dataFromBucket(document: StoredDocument, location: { bucket: string; key: string }): Promise<string | null> {
    const text = await this.bucket.read(location);
    return text === null ? null : JSON.stringify((JSON.parse(text) as { data: unknown }).data ?? null);
  }

  /** A bulk resend keeps to the hook's pause, rate and concurrency, waiting its turn. */
  private async admitted(hook: HookTarget): Promise<Admission> {
    for (;;) {
      const admission = await this.gate.admit(hook, 1);
      if (admission.granted > 0) {
        const [startsInMs] = await admission.pace(1);
        if (startsInMs > 0) await sleep(startsInMs);
        return admission;
      }
      await sleep(admission.retryAt ? Math.max(0, admission.retryAt.getTime() - Date.now()) : GATE_POLL_MS);
    }
  }
}
