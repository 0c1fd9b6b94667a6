import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { HookKind } from '../../../domain/hook.js';
import type { Client, Hook, HookSubscription } from '../domain/client.js';
import { ClientNotFound } from '../domain/clients.errors.js';
import { newSigningSecret } from '../domain/credentials.js';
import { ClientRecord } from './client.entity.js';
import { HookRecord } from './hook.entity.js';
import { hookFromRecord, hookFromRow, type HookRow } from './hook-rows.js';

const HOOK_ORDER = { environment: 'ASC', kind: 'ASC' } as const;

/** Clients and their hooks. Methods that serve a client take its id: another client's hook is not found. */
@Injectable()
export class ClientRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(name: string, apiKeyHash: string, subscriptions: HookSubscription[]): Promise<Client> {
    return this.dataSource.transaction(async (tx) => {
      const clients = tx.getRepository(ClientRecord);
      const hooks = tx.getRepository(HookRecord);
      const client = await clients.save(clients.create({ id: randomUUID(), name, apiKeyHash }));
      const saved = await hooks.save(
        subscriptions.map((subscription) =>
          hooks.create({ ...subscription, id: randomUUID(), clientId: client.id, status: 'Active', signingSecret: newSigningSecret(), consecutiveFailures: 0 }),
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

  async clientIdForKeyHash(apiKeyHash: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM clients WHERE api_key_hash = $1', [apiKeyHash]);
    return rows[0]?.id ?? null;
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
   * Subscribes, or changes the URL of an existing hook (its secret, status and count stay).
   * Selecting the client instead of relying on the foreign key keeps a failed query, and the
   * new secret among its parameters, out of the error log.
   */
  async putHook(clientId: string, environment: Environment, kind: HookKind, url: string): Promise<Hook> {
    const rows: HookRow[] = await this.dataSource.query(
      `INSERT INTO hooks (id, client_id, environment, kind, url, status, signing_secret, consecutive_failures)
       SELECT $1, id, $3, $4, $5, 'Active', $6, 0 FROM clients WHERE id = $2
       ON CONFLICT (client_id, environment, kind) DO UPDATE SET url = EXCLUDED.url, updated_at = now()
       RETURNING *`,
      [randomUUID(), clientId, environment, kind, url, newSigningSecret()],
    );
    if (!rows[0]) throw new ClientNotFound();
    return hookFromRow(rows[0]);
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
