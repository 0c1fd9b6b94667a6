import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import type { DataWebhookBody, DeliveryTrigger } from '../../../domain/document.js';
import { createEvent } from '../../../domain/events.js';
import { DocumentDelivery, type DeliveryOutcome } from '../../../domain/ports/document-delivery.js';
import { HookDirectory } from '../../../domain/ports/hook-directory.js';
import { NoDataHook } from '../domain/delivery.errors.js';
import { webhookBodyOf } from '../domain/webhook-body.js';
import { DocumentStore } from '../infrastructure/document-store.js';
import { DataHookPoster } from './data-hook-poster.js';
import { failedPayload, succeededPayload } from './delivery-events.js';

/**
 * Attempts a client asked for (resend, redeliver): made now, whatever the hook's status, recorded like
 * any other. A failure schedules nothing and exhausts nothing: the document stays where it was.
 */
@Injectable()
export class RequestedDelivery extends DocumentDelivery {
  constructor(
    private readonly store: DocumentStore,
    private readonly hooks: HookDirectory,
    private readonly poster: DataHookPoster,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async deliverNow(request: { documentId: string; clientId: string | null; trigger: Extract<DeliveryTrigger, 'resend' | 'redeliver'> }): Promise<DeliveryOutcome | null> {
    const found = await this.store.find(request.documentId, request.clientId);
    if (!found) return null;
    const hook = await this.hooks.find(found.clientId, found.environment, 'data');
    if (!hook) throw new NoDataHook(found.clientId, found.environment);

    const startedAt = new Date();
    const document = await this.store.takeRequestedAttempt(found.id, startedAt);
    if (!document) return null;
    const { record, accepted } = await this.poster.post(document, hook, request.trigger, null, startedAt);
    await this.dataSource.transaction(async (tx) => {
      await this.store.recordAttempt(tx, record, { accepted, scheduled: false, nextAttemptAt: null });
      const event = accepted
        ? createEvent('delivery.succeeded', succeededPayload(document, record))
        : createEvent('delivery.failed', failedPayload(document, record, { nextAttemptNumber: null, nextAttemptAt: null }));
      await this.bus.publish(tx, event);
    });
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

  async bodyOf(documentId: string): Promise<DataWebhookBody | null> {
    const document = await this.store.find(documentId, null);
    return document ? webhookBodyOf(document) : null;
  }
}
