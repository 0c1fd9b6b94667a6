import type { DataWebhookBody } from '../../../domain/document.js';
import type { StoredDocument } from './stored-document.js';

/** The body POSTed to the data hook (API.md), the same on every attempt and in the rejected bucket. */
export function webhookBodyOf(document: Pick<StoredDocument, 'id' | 'kind' | 'type' | 'environment' | 'userId' | 'createdAt' | 'data'>): DataWebhookBody {
  return {
    id: document.id,
    kind: document.kind,
    type: document.type,
    environment: document.environment,
    user_id: document.userId,
    created_at: document.createdAt.toISOString(),
    data: document.data,
  };
}
