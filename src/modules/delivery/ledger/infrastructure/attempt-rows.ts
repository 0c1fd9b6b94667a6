import type { AttemptRecord } from '../domain/ledger-document.js';
import { column } from './sql-rows.js';

/** The columns of an attempt row, and the `unnest` parameters ($1..$12) that carry many of them in one statement. */
export const ATTEMPT_COLUMNS = {
  names: `document_id, document_created_at, attempt, delivery_id, scheduled_attempt, trigger, hook_id, attempted_at, response_status, response_duration_ms, error, accepted`,
  parameters: `$1::uuid[], $2::timestamptz[], $3::int[], $4::uuid[], $5::int[], $6::text[], $7::uuid[], $8::timestamptz[], $9::int[], $10::int[], $11::text[], $12::boolean[]`,
};

export function attemptParameters(records: readonly AttemptRecord[]): unknown[] {
  return [
    column(records, (r) => r.documentId),
    column(records, (r) => r.documentCreatedAt),
    column(records, (r) => r.attempt),
    column(records, (r) => r.deliveryId),
    column(records, (r) => r.scheduledAttempt),
    column(records, (r) => r.trigger),
    column(records, (r) => r.hookId),
    column(records, (r) => r.attemptedAt),
    column(records, (r) => r.responseStatus),
    column(records, (r) => r.responseDurationMs),
    column(records, (r) => r.error),
    column(records, (r) => r.accepted),
  ];
}
