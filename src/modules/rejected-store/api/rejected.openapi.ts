import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { EXAMPLE } from '../../../infrastructure/http/openapi/examples.js';
import { BulkResendRequest } from './rejected.dto.js';

/** OpenAPI of the rejected-documents routes: what each answers, with examples. */

const NOT_WAITING = `no rejected document ${EXAMPLE.documentId} is waiting in the bucket`;
const STORAGE_DOWN = 'the rejected bucket could not be read; try again later';

export const DocListRejected = () =>
  ApiRoute({
    summary: 'Documents waiting in the rejected buckets, oldest first',
    description: 'A document past its expiry is no longer listed. Paged: pass `nextCursor` as `cursor`. Operators may name a client with `?clientId=`.',
    status: 200,
    answers: 'a page of waiting documents',
    example: {
      items: [
        { id: EXAMPLE.documentId, kind: 'summary', type: 'physical_summary', userId: 'user-123', environment: 'sandbox', storedAt: EXAMPLE.storedAt, expiresAt: EXAMPLE.expiresAt, attempts: 4 },
      ],
      nextCursor: null,
    },
    errors: { 400: 'limit must not be greater than 500', 404: 'no client 6d0f9a52-3c1e-4c8b-9a57-2f4e1b7d8c90' },
  });

export const DocDownloadRejected = () =>
  ApiRoute({
    summary: 'Download one rejected document',
    description: 'Exactly the body the Data Webhook was sent.',
    status: 200,
    answers: 'the webhook body (application/json)',
    example: { id: EXAMPLE.documentId, kind: 'summary', type: 'physical_summary', environment: 'sandbox', user_id: 'user-123', created_at: EXAMPLE.createdAt, data: { steps: 4321 } },
    errors: { 400: 'Validation failed (uuid is expected)', 404: NOT_WAITING, 503: STORAGE_DOWN },
  });

export const DocResendOne = () =>
  ApiRoute({
    summary: 'Resend one rejected document now',
    description: "On acceptance it leaves the bucket and its status becomes Success; otherwise it stays, its expiry unchanged. Attempted whatever the hook's status.",
    status: 200,
    answers: 'the outcome: delivered or not, and what the receiver answered',
    example: { id: EXAMPLE.documentId, delivered: true, delivery_id: EXAMPLE.deliveryId, response_status: 200, response_duration_ms: 42 },
    errors: { 400: 'Validation failed (uuid is expected)', 404: NOT_WAITING, 503: STORAGE_DOWN },
  });

export const DocResendMany = () =>
  ApiRoute({
    summary: 'Resend many rejected documents in the background',
    description: 'Every waiting document of the environment, or the `ids` given; follow the job with `GET /v1/rejected/resend/{jobId}`. Operators name the client with `?clientId=`.',
    status: 202,
    answers: 'the job and how many documents it will resend',
    example: { jobId: EXAMPLE.jobId, total: 12 },
    body: { type: BulkResendRequest, example: { environment: 'sandbox', ids: [EXAMPLE.documentId] } },
    errors: { 400: 'operators name the client: ?clientId=<uuid>', 404: 'no client 6d0f9a52-3c1e-4c8b-9a57-2f4e1b7d8c90' },
  });

export const DocResendProgress = () =>
  ApiRoute({
    summary: 'Progress of a bulk resend',
    description: '`state` is queued, running, completed or failed; `delivered + failed` reaches `total` when it completes.',
    status: 200,
    answers: 'the job',
    example: { jobId: EXAMPLE.jobId, state: 'running', total: 12, delivered: 7, failed: 1 },
    errors: { 400: 'Validation failed (uuid is expected)', 404: `no resend job ${EXAMPLE.jobId}` },
  });
