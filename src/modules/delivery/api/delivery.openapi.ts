import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../infrastructure/http/openapi/examples.js';
import { DocumentBatchDto, DocumentDto } from './document.dto.js';

/** OpenAPI of the ingest, events and redeliver routes: what each answers, with examples. */

const DOCUMENT = {
  id: EXAMPLE.documentId,
  clientId: EXAMPLE.clientId,
  environment: 'sandbox',
  kind: 'summary',
  type: 'physical_summary',
  userId: 'user-123',
  data: { steps: 4321, day: '2026-01-10' },
};

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

const TOO_LARGE = 'document is larger than the 1048576 bytes allowed (MAX_DOCUMENT_BYTES)';

export const DocSubmitDocument = () =>
  ApiRoute({
    summary: 'Hand over one document for delivery',
    description:
      'Idempotent by `id`: the same id again answers with the stored document and its current status, and is never delivered twice.',
    status: 202,
    answers: 'stored and Pending',
    example: { id: EXAMPLE.documentId, status: 'Pending' },
    body: { type: DocumentDto, example: DOCUMENT },
    errors: {
      400: 'kind must be one of the following values: event, summary',
      413: TOO_LARGE,
      422: `client ${EXAMPLE.clientId} has no data webhook in sandbox`,
      503: 'documents could not be stored right now; nothing was accepted, retry later',
    },
  });

export const DocSubmitBatch = () =>
  ApiRoute({
    summary: 'Hand over up to 1000 documents, all or nothing',
    status: 202,
    answers: 'every document stored and Pending, in the order given',
    example: { ids: [EXAMPLE.documentId] },
    body: { type: DocumentBatchDto, example: { documents: [DOCUMENT] } },
    errors: {
      400: 'documents must contain no more than 1000 elements',
      413: 'documents[3] is larger than the 1048576 bytes allowed (MAX_DOCUMENT_BYTES)',
      422: `client ${EXAMPLE.clientId} has no data webhook in sandbox`,
      503: 'documents could not be stored right now; nothing was accepted, retry later',
    },
  });

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
