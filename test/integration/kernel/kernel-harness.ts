import type { Provider, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, declareDoorbells, declareMailboxes, EventBus, handlerDecorators, KernelModule, Reconciler, type BatchContext, type EventEnvelope, type MessageContext } from '../../../libs/kernel/index.js';
import { typeormOptions } from '../../../src/infrastructure/database/typeorm-options.js';
import { ensureDatabase } from '../../../src/infrastructure/database/ensure-database.js';
import type { TestEnvironment } from '../../support/test-environment.js';

export const HAPPENED = 'test.happened';
export const MARKER = 'test.marker';
export const BATCHED = 'test.batched';

interface TestCatalogue {
  [HAPPENED]: { n: number; quiet?: boolean; hold?: boolean };
  [MARKER]: { n: number };
  [BATCHED]: { n: number; hold?: boolean };
}
const { On, OnBatch } = handlerDecorators<TestCatalogue>();

export const RECONCILE_INTERVAL_MS = 200;
export const RECONCILE_GRACE_MS = 300;
/** Short, so a test sees a handler outlive several leases. */
export const LEASE_MS = 1_000;
/** The recorder's failed messages come back quickly, so a test sees all their attempts. */
const RETRY_RULES = {
  handler: { attempts: 10, firstMs: 1_000, maxMs: 60_000 },
  doorbell: { attempts: 3, firstMs: 500, maxMs: 60_000 },
  fast: { attempts: 5, firstMs: 50, maxMs: 60_000 },
};

/** A record of what the test actors were asked to do, and did. */
export class Journal {
  calls: { actor: string; eventId: string; type: string; at: number; attempt: number }[] = [];
  failuresLeft = new Map<string, number>();
  /** Handlers of `hold` events wait until the test releases them, or their lease is lost. */
  releases = new Map<string, () => void>();
  /** Events whose handler saw its lease lost. */
  leaseLost = new Set<string>();

  callsFor(eventId: string, actor?: string) {
    return this.calls.filter((call) => call.eventId === eventId && (!actor || call.actor === actor));
  }
}

/** Writes an effect row per message it handles, in the message's transaction. */
@Actor('recorder', { concurrency: 1, retry: 'fast' })
export class Recorder {
  constructor(private readonly journal: Journal) {}

  @On(HAPPENED)
  async recordHappened(event: EventEnvelope, context: MessageContext): Promise<void> {
    this.journal.calls.push({ actor: 'recorder', eventId: event.id, type: event.type, at: Date.now(), attempt: context.attempt });
    if ((event.payload as TestCatalogue[typeof HAPPENED]).hold) await this.held(event.id, context.signal);
    if (context.signal.aborted) return;
    const failures = this.journal.failuresLeft.get(event.id) ?? 0;
    if (failures > 0) {
      this.journal.failuresLeft.set(event.id, failures - 1);
      throw new Error('failing on purpose');
    }
    await context.transaction((tx) => tx.query('INSERT INTO effects (event_id, actor) VALUES ($1, $2)', [event.id, 'recorder']));
  }

  private held(eventId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.journal.releases.set(eventId, resolve);
      signal.addEventListener('abort', () => {
        this.journal.leaseLost.add(eventId);
        resolve();
      });
    });
  }

  @On(MARKER)
  async recordMarker(event: EventEnvelope, context: MessageContext): Promise<void> {
    this.journal.calls.push({ actor: 'recorder', eventId: event.id, type: event.type, at: Date.now(), attempt: context.attempt });
  }
}

/** A second subscriber of the same event: each actor gets its own copy, unless the event is quiet. */
@Actor('auditor', { concurrency: 4 })
export class Auditor {
  constructor(private readonly journal: Journal) {}

  @On(HAPPENED, { when: (event) => !event.payload.quiet })
  async audit(event: EventEnvelope, context: MessageContext): Promise<void> {
    this.journal.calls.push({ actor: 'auditor', eventId: event.id, type: event.type, at: Date.now(), attempt: context.attempt });
    await context.transaction((tx) => tx.query('INSERT INTO effects (event_id, actor) VALUES ($1, $2)', [event.id, 'auditor']));
  }
}

/** Handles its events a batch at a time, writing their effects in one statement. */
@Actor('batcher', { concurrency: 8 })
export class Batcher {
  batchSizes: number[] = [];
  /** A batch with a `hold` event waits for this before it writes. */
  held?: { release: () => void };

  @OnBatch(BATCHED)
  async recordAll(events: EventEnvelope[], context: BatchContext): Promise<void> {
    this.batchSizes.push(events.length);
    await Promise.all(events.map(() => context.limit(async () => undefined)));
    if (events.some((event) => (event.payload as TestCatalogue[typeof BATCHED]).hold)) await new Promise<void>((release) => (this.held = { release }));
    await context.transaction(async (tx, claimed) => {
      const ids = events.map((event) => event.id).filter((id) => claimed.has(id));
      await tx.query(`INSERT INTO effects (event_id, actor) SELECT unnest($1::uuid[]), 'batcher'`, [ids]);
    });
  }
}

export interface Harness {
  module: TestingModule;
  dataSource: DataSource;
  bus: EventBus;
  reconciler: Reconciler;
  journal: Journal;
  close(): Promise<void>;
}

/** The kernel alone over the test's own database and Redis prefix, with the given actors. */
export async function compileKernel(
  environment: TestEnvironment,
  eventTypes: string[],
  providers: Provider[],
  actors: Type[] = [],
  doorbells: string[] = [],
): Promise<TestingModule> {
  const config = environment.config();
  await ensureDatabase(config.databaseUrl);
  return Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ ...typeormOptions(config), autoLoadEntities: true }),
      KernelModule.forRootAsync({
        useFactory: () => ({
          redisUrl: config.redisUrl,
          redisPrefix: config.redisPrefix,
          runActors: true,
          eventTypes,
          terminalEvents: [],
          mailboxConcurrency: 2,
          reconcileIntervalMs: RECONCILE_INTERVAL_MS,
          reconcileGraceMs: RECONCILE_GRACE_MS,
          leaseMs: LEASE_MS,
          retryRules: RETRY_RULES,
          gaugeIntervalMs: 60_000,
          historyRetentionMs: 7 * 24 * 3600_000,
        }),
      }),
      declareMailboxes(...actors),
      declareDoorbells(...doorbells),
    ],
    providers,
  }).compile();
}

/** A kernel of the test's world; two started with one journal act as two workers of one service. */
export async function startKernel(environment: TestEnvironment, journal = new Journal()): Promise<Harness> {
  const module = await compileKernel(environment, [HAPPENED, MARKER, BATCHED], [{ provide: Journal, useValue: journal }, Recorder, Auditor, Batcher], [Recorder, Auditor, Batcher]);
  const dataSource = module.get(DataSource);
  await dataSource.query('CREATE TABLE IF NOT EXISTS effects (event_id uuid NOT NULL, actor text NOT NULL)');
  await module.init();
  return {
    module,
    dataSource,
    bus: module.get(EventBus),
    reconciler: module.get(Reconciler),
    journal,
    close: () => module.close(),
  };
}

export function envelope(type: string, deliverAt: Date | null = null): EventEnvelope {
  const id = crypto.randomUUID();
  return { id, type, occurredAt: new Date().toISOString(), correlationId: id, causationId: null, deliverAt: deliverAt?.toISOString() ?? null, payload: { n: 1 } };
}

export async function effectsOf(dataSource: DataSource, eventId: string): Promise<string[]> {
  const rows: { actor: string }[] = await dataSource.query('SELECT actor FROM effects WHERE event_id = $1 ORDER BY actor', [eventId]);
  return rows.map((row) => row.actor);
}

export async function messagesOf(dataSource: DataSource, eventId: string): Promise<{ actor: string; attempts: number; failed_at: Date | null; last_error: string | null }[]> {
  return dataSource.query('SELECT actor, attempts, failed_at, last_error FROM kernel_messages WHERE event_id = $1 ORDER BY actor', [eventId]);
}
