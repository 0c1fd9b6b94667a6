import type { DeliveryOutcome } from '../../../../domain/ports/document-delivery.js';
import type { HookTarget } from '../../../../domain/ports/hook-directory.js';
import type { StoredDocument } from '../../ledger/domain/ledger-document.js';

/** A document is sent through the data hook of its own client and environment only. */
export function belongsToHook(document: Pick<StoredDocument, 'clientId' | 'environment'>, hook: Pick<HookTarget, 'clientId' | 'environment' | 'kind'>): boolean {
  return hook.kind === 'data' && hook.clientId === document.clientId && hook.environment === document.environment;
}

/** The redeliver answer, in the shape of hookshot's request record (snake_case, as that API has it). */
export interface RedeliveryView {
  id: string;
  tenant_id: string;
  delivery_id: string;
  event: string;
  enqueued_at: string;
  redelivery: true;
  hook_id: string;
  created_at: string;
  updated_at: string;
  response_status: number | null;
  response_duration_ms: number;
}

/** `id` is the request (document) redelivered; the times are those of this attempt: made, then answered. */
export function redeliveryViewOf(document: Pick<StoredDocument, 'id' | 'type'>, outcome: DeliveryOutcome): RedeliveryView {
  const attemptedAt = new Date(outcome.attemptedAt);
  return {
    id: document.id,
    tenant_id: outcome.clientId,
    delivery_id: outcome.deliveryId,
    event: document.type,
    enqueued_at: outcome.attemptedAt,
    redelivery: true,
    hook_id: outcome.hookId,
    created_at: outcome.attemptedAt,
    updated_at: new Date(attemptedAt.getTime() + outcome.responseDurationMs).toISOString(),
    response_status: outcome.responseStatus,
    response_duration_ms: outcome.responseDurationMs,
  };
}
