import { ApiRoute } from '../../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../../infrastructure/http/openapi/examples.js';

/** OpenAPI of the events and redeliver routes: what each answers, with examples. */

const EVENT = {
  id: EXAMPLE.documentId,
  eventName: 'physical_summary',
  kind: 'summary',
  status: 'Failed',
  environment: 'sandbox',
  partnerId: EXAMPLE.clientId,
  userId: 'user-123',
  createdAt: EXAMPLE.createdAt,
  lastAttemptedAt: EXAMPLE.storedAt,
  nextAttemptAt: null,
  attempts: [
    {
      deliveryId: EXAMPLE.deliveryId,
      trigger: 'initial',
      attemptedAt: EXAMPLE.attemptedAt,
      responseStatus: 500,
      responseDurationMs: 42,
      error: 'unaccepted_status: the receiver answered 500',
    },
  ],
  rejected: { bucket: 'rejected-sandbox', key: `${EXAMPLE.clientId}/summary/2026/01/12/${EXAMPLE.documentId}.json`, storedAt: EXAMPLE.storedAt, expiresAt: EXAMPLE.expiresAt },
};

export const DocListEvents = () =>
  ApiRoute({
    summary: "The caller's documents and their delivery, newest first",
    description: 'Paged: pass `nextCursor` as `cursor` for the next page (null on the last).',
    status: 200,
    answers: 'a page of documents',
    example: { items: [EVENT], nextCursor: 'eyJjIjoiMjAyNi0wMS0xMFQwODowMDowMC4wMDBaIn0' },
    errors: { 400: 'status must be one of the following values: Pending, Success, Failed', 404: 'client not found' },
  });

export const DocGetEvent = () =>
  ApiRoute({
    summary: 'One document, its delivery status and attempts',
    description:
      '`rejected` is present while the document waits in the rejected bucket, and says `expired` after its retention, with `archived` while the archive keeps it; `bodyPurgedAt` appears once a delivered body was removed (`DELIVERED_RETENTION`); `status` is the delivery status, not the content. A document of an erased user is a 404.',
    status: 200,
    answers: 'the document',
    example: EVENT,
    errors: { 400: 'Validation failed (uuid is expected)', 404: 'document not found' },
  });

export const DocRedeliver = () =>
  ApiRoute({
    summary: 'Deliver a document again, now, to its data hook',
    description:
      "200 whatever the receiver answered: its status is `response_status`, null when no response came. Attempted whatever the hook's status; never suspends it. 410 once the body is no longer kept: removed `DELIVERED_RETENTION` after delivery, or past its retention in the rejected bucket (restore it from the archive first).",
    status: 200,
    answers: 'the outcome of this attempt',
    example: {
      id: EXAMPLE.documentId,
      tenant_id: EXAMPLE.clientId,
      delivery_id: EXAMPLE.deliveryId,
      event: 'physical_summary',
      enqueued_at: EXAMPLE.attemptedAt,
      redelivery: true,
      hook_id: EXAMPLE.hookId,
      created_at: EXAMPLE.attemptedAt,
      updated_at: '2026-01-10T08:00:01.292Z',
      response_status: 200,
      response_duration_ms: 42,
    },
    errors: {
      400: 'Validation failed (uuid is expected)',
      404: 'document not found',
      410: `document ${EXAMPLE.documentId} can no longer be delivered: it was delivered, and its body was removed after the delivered retention (DELIVERED_RETENTION)`,
    },
  });
