import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';
import { ActorRegistry } from './actor-registry.js';
import type { EventEnvelope } from './envelope.js';
import { OUTBOX_WRITTEN } from './event-bus.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { Mailboxes, type MessageToPost } from './mailboxes.js';

interface OutboxRow {
  seq: string;
  envelope: EventEnvelope;
}

/**
 * Moves committed outbox rows into the mailboxes of the actors that handle them, then deletes them.
 * Runs right after each commit that published, on an interval, and at start-up, so a crash between
 * commit and relay only delays a message. Rows are locked with SKIP LOCKED: relays in several
 * processes share the work. A crash after posting but before deleting posts again; job ids and
 * the inbox make that harmless.
 */
@Injectable()
export class OutboxRelay implements EntitySubscriberInterface {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ActorRegistry,
    private readonly mailboxes: Mailboxes,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.dataSource.subscribers.push(this);
    this.timer = setInterval(() => this.kick(), this.options.relayIntervalMs ?? 1000);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const index = this.dataSource.subscribers.indexOf(this);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await this.running;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.data?.[OUTBOX_WRITTEN]) {
      event.queryRunner.data[OUTBOX_WRITTEN] = false;
      this.kick();
    }
  }

  /** Asks for a relay pass; passes never overlap in one process, and a kick during a pass runs another. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Relays until the outbox is empty; a failed pass is logged and left to the next one. */
  async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === this.batchSize) {
        /* keep going while batches come back full */
      }
    } catch (error) {
      this.logger.warn(`relay pass failed, the next pass retries: ${(error as Error).message}`);
    }
  }

  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        'SELECT seq, envelope FROM outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED',
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const byActor = new Map<string, MessageToPost[]>();
      const now = Date.now();
      for (const { envelope } of rows) {
        const delayMs = envelope.deliverAt ? Date.parse(envelope.deliverAt) - now : 0;
        for (const actor of this.registry.subscribersOf(envelope)) {
          const messages = byActor.get(actor) ?? [];
          messages.push({ envelope, delayMs });
          byActor.set(actor, messages);
        }
      }
      await Promise.all([...byActor].map(([actor, messages]) => this.mailboxes.post(actor, messages)));
      await tx.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [rows.map((row) => row.seq)]);
      return rows.length;
    });
  }

  private get batchSize(): number {
    return this.options.relayBatchSize ?? 500;
  }
}
