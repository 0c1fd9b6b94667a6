import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { HookKind } from '../../../domain/hook.js';
import type { Client, Hook, HookSubscription, LimitsChange } from '../domain/client.js';
import { ClientNotFound } from '../../../domain/errors.js';
import { ClientDirectory } from '../application/ports/client-directory.js';
import { newSigningSecret } from '../domain/credentials.js';
import { ClientRecord } from './client.entity.js';
import { HookRecord } from './hook.entity.js';
import { hookFromRecord, hookFromRow, type HookRow } from './hook-rows.js';
import { newId } from '../../../domain/ids.js';

const HOOK_ORDER = { environment: 'ASC', kind: 'ASC' } as const;

/** Clients and their hooks. Methods that serve a client take its id: another client's hook is not found. */
@Injectable()
export class ClientRepository implements ClientDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async create(name: string, apiKeyHash: string, subscriptions: HookSubscription[]): Promise<Client> {
    return this.dataSource.transaction(async (tx) => {
      const clients = tx.getRepository(ClientRecord);
      const hooks = tx.getRepository(HookRecord);
      const client = await clients.save(clients.create({ id: newId(), name, apiKeyHash }));
      const saved = await hooks.save(
        subscriptions.map((subscription) =>
          hooks.create({ ...subscription, id: newId(), clientId: client.id, status: 'Active', signingSecret: newSigningSecret(), consecutiveFailures: 0 }),
        ),
      );
      return { id: client.id, name: client.name, createdAt: client.createdAt, hooks: sortHooks(saved.map(hookFromRecord)) };
    });
  }

  async find(clientId: string): Promise<Client | null> {
    const client = await this.dataSource.getRepository(ClientRecord).findOneBy({ id: clientId });
    if (!client) return null;
    return { id: client.id, name: client.name, createdAt: client.createdAt, hooks: await this.hooksOf(clientId) };
  }

  /** The client of a current key, or of a replaced one until its overlap ends (both hashes are uniquely indexed). */
  async clientIdForKeyHash(apiKeyHash: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM clients WHERE api_key_hash = $1 OR (previous_api_key_hash = $1 AND previous_api_key_expires_at > now())',
      [apiKeyHash],
    );
    return rows[0]?.id ?? null;
  }

  /** A new key; the current one becomes the previous until `previousExpiresAt` (null: dropped now). False for an unknown client. */
  async rotateApiKey(clientId: string, apiKeyHash: string, previousExpiresAt: Date | null): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE clients SET previous_api_key_hash = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE api_key_hash END,
         previous_api_key_expires_at = $3, api_key_hash = $2
       WHERE id = $1`,
      [clientId, apiKeyHash, previousExpiresAt],
    );
    return affected > 0;
  }

  /** Every hook of one client, or of every client when clientId is null (operators). */
  async hooksOf(clientId: string | null): Promise<Hook[]> {
    const records = await this.dataSource.getRepository(HookRecord).find({
      where: clientId === null ? {} : { clientId },
      order: clientId === null ? { clientId: 'ASC', ...HOOK_ORDER } : HOOK_ORDER,
    });
    return records.map(hookFromRecord);
  }

  /**
   * Subscribes, or changes the URL of an existing hook (its secret, status and count stay); `created` tells
   * which (`xmax = 0` only on a freshly inserted row). Selecting the client instead of relying on the foreign
   * key keeps a failed query, and the new secret among its parameters, out of the error log.
   */
  async putHook(clientId: string, environment: Environment, kind: HookKind, url: string, limits: LimitsChange = {}): Promise<{ hook: Hook; created: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const put = await this.upsertHook(tx, clientId, environment, kind, url);
      const changed = await this.changeLimits(tx, put.hook.id, clientId, limits);
      return { hook: changed ?? put.hook, created: put.created };
    });
  }

  /** Sets the limits named (undefined: kept; null: back to the default). Null when the hook is unknown or foreign. */
  async setLimits(hookId: string, clientId: string | null, limits: LimitsChange): Promise<Hook | null> {
    return (await this.changeLimits(this.dataSource.manager, hookId, clientId, limits)) ?? this.findHook(hookId, clientId);
  }

  private async changeLimits(executor: EntityManager, hookId: string, clientId: string | null, limits: LimitsChange): Promise<Hook | null> {
    const columns = { rateLimit: 'rate_limit', maxInFlight: 'max_in_flight', ordering: 'ordering' } as const;
    const named = (Object.keys(columns) as (keyof typeof columns)[]).filter((name) => limits[name] !== undefined);
    if (named.length === 0) return null;
    const values = named.map((name) => (name === 'ordering' ? (limits.ordering ?? 'none') : limits[name]));
    const [rows]: [HookRow[], number] = await executor.query(
      `UPDATE hooks SET ${named.map((name, i) => `${columns[name]} = $${i + 3}`).join(', ')}, updated_at = now()
       WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2) RETURNING *`,
      [hookId, clientId, ...values],
    );
    return rows[0] ? hookFromRow(rows[0]) : null;
  }

  private async upsertHook(tx: EntityManager, clientId: string, environment: Environment, kind: HookKind, url: string): Promise<{ hook: Hook; created: boolean }> {
    const rows: (HookRow & { created: boolean })[] = await tx.query(
      `INSERT INTO hooks (id, client_id, environment, kind, url, status, signing_secret, consecutive_failures)
       SELECT $1, id, $3, $4, $5, 'Active', $6, 0 FROM clients WHERE id = $2
       ON CONFLICT (client_id, environment, kind) DO UPDATE SET url = EXCLUDED.url, updated_at = now()
       RETURNING *, (xmax = 0) AS created`,
      [newId(), clientId, environment, kind, url, newSigningSecret()],
    );
    if (!rows[0]) throw new ClientNotFound();
    return { hook: hookFromRow(rows[0]), created: rows[0].created };
  }

  /** A new signing secret; the current one keeps signing until `previousExpiresAt` (null: dropped now). Null when not found. */
  async rotateSigningSecret(hookId: string, clientId: string | null, secret: string, previousExpiresAt: Date | null): Promise<Hook | null> {
    const [rows]: [HookRow[], number] = await this.dataSource.query(
      `UPDATE hooks SET previous_signing_secret = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE signing_secret END,
         previous_secret_expires_at = $4, signing_secret = $3, updated_at = now()
       WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2)
       RETURNING *`,
      [hookId, clientId, secret, previousExpiresAt],
    );
    return rows[0] ? hookFromRow(rows[0]) : null;
  }

  /** False when there was no such hook. */
  async deleteHook(clientId: string, environment: Environment, kind: HookKind): Promise<boolean> {
    const result = await this.dataSource.getRepository(HookRecord).delete({ clientId, environment, kind });
    return (result.affected ?? 0) > 0;
  }

  async findHook(hookId: string, clientId: string | null): Promise<Hook | null> {
    const record = await this.dataSource.getRepository(HookRecord).findOneBy(clientId === null ? { id: hookId } : { id: hookId, clientId });
    return record ? hookFromRecord(record) : null;
  }

  /** Atomically sets Restarting unless the hook is Active; null when nothing changed (unknown, foreign or Active). */
  async restart(hookId: string, clientId: string | null): Promise<Hook | null> {
    const rows: [HookRow[], number] = await this.dataSource.query(
      `UPDATE hooks SET status = 'Restarting', updated_at = now()
       WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2) AND status <> 'Active'
       RETURNING *`,
      [hookId, clientId],
    );
    const row = rows[0][0];
    return row ? hookFromRow(row) : null;
  }
}

function sortHooks(hooks: Hook[]): Hook[] {
  return hooks.sort((a, b) => a.environment.localeCompare(b.environment) || a.kind.localeCompare(b.kind));
}
