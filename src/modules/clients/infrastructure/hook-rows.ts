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
  consecutive_failures: number;
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
    consecutiveFailures: row.consecutive_failures,
    updatedAt: row.updated_at,
  };
}

export function hookFromRecord(record: HookRecord): Hook {
  const { id, clientId, environment, kind, url, status, signingSecret, consecutiveFailures, updatedAt } = record;
  return { id, clientId, environment, kind, url, status, signingSecret, consecutiveFailures, updatedAt };
}
