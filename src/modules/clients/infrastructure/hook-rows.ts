import type { Hook } from '../domain/client.js';
import type { HookRecord } from './hook.entity.js';

/** A row of `hooks` as raw SQL returns it. */
export interface HookRow {
  id: string;
  client_id: string;
  environment: Hook['environment'];
  kind: Hook['kind'];
  url: string;
  status: Hook['status'];
  signing_secret: string;
  previous_signing_secret: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  rate_limit: number | null;
  max_in_flight: number | null;
  ordering: Hook['limits']['ordering'];
  paused_until: Date | null;
  updated_at: Date;
}

export function hookFromRow(row: HookRow): Hook {
  return {
    id: row.id,
    clientId: row.client_id,
    environment: row.environment,
    kind: row.kind,
    url: row.url,
    status: row.status,
    signingSecret: row.signing_secret,
    previousSigningSecret: row.previous_signing_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    consecutiveFailures: row.consecutive_failures,
    limits: { rateLimit: row.rate_limit, maxInFlight: row.max_in_flight, ordering: row.ordering },
    pausedUntil: row.paused_until,
    updatedAt: row.updated_at,
  };
}

export function hookFromRecord(record: HookRecord): Hook {
  const { id, clientId, environment, kind, url, status, signingSecret, previousSigningSecret, previousSecretExpiresAt, consecutiveFailures, updatedAt } = record;
  // A record just saved has no value yet for the columns it left to their defaults.
  const limits = { rateLimit: record.rateLimit ?? null, maxInFlight: record.maxInFlight ?? null, ordering: record.ordering ?? 'none' };
  return { id, clientId, environment, kind, url, status, signingSecret, previousSigningSecret, previousSecretExpiresAt, consecutiveFailures, limits, pausedUntil: record.pausedUntil ?? null, updatedAt };
}
