import { Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ActorRegistry } from './actor-registry.js';
import { Doorbells } from './doorbells.js';
import { mailboxOf } from './event-bus.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { MessageStore } from './message-store.js';

/** A ledger of pending rows: wakes, through its doorbell, what is overdue or whose lease ran out. */
export interface OverdueWork {
  name: string;
  /** Rings for every overdue row (`pass` makes job ids deterministic per pass); returns how many rows were overdue. */
  wakeOverdue(graceMs: number, pass: number): Promise<number>;
}

/** Any number on this key works, as long as every process of a deployment uses the same one. */
export const RECONCILER_LOCK = 716_201_901;
const HOUR_MS = 3_600_000;
const STOP_GRACE_MS = 5_000;
/** Longer than any step of a pass can take (each ring gives up within seconds). */
const LOCK_HOLD_LIMIT_MS = 30_000;
/** Overdue messages of one actor a pass counts at most (one is enough to ring its doorbell; the gauge says "at least"). */
const OVERDUE_READ = 1_000;

export const overdueRows = new Gauge({
  name: 'kernel_overdue_rows',
  help: 'Pending rows due for longer than RECONCILE_GRACE or whose lease ran out, at the last reconciler pass',
  labelNames: ['ledger'],
});

/**
 * The guarantee that Redis only delays: every RECONCILE_INTERVAL one process (an advisory lock picks
 * it) rings the doorbell of every row that is overdue by more than RECONCILE_GRACE or whose lease
 * expired. After Redis loses everything, pending work resumes within interval + grace.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger('Reconciler');
  private readonly sources: OverdueWork[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: ActorRegistry,
    private readonly messages: MessageStore,
    private readonly doorbells: Doorbells,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {
    this.register({ name: 'kernel', wakeOverdue: (graceMs, pass) => this.wakeOverdueMessages(graceMs, pass) });
  }

  register(source: OverdueWork): void {
    this.sources.push(source);
  }

  start(): void {
    if (!this.options.runActors) return;
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => (this.running = undefined));
    }, this.options.reconcileIntervalMs);
  }

  /** Waits for a pass under way, but not forever: a pass is bounded, a stop must be too. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.race([this.running, sleep(STOP_GRACE_MS, undefined, { ref: false })]);
  }

  /**
   * One pass, if no other process is running one; failures are logged and left to the next pass. `graceMs` 0 wakes
   * whatever is due (a process that starts: the doorbells of a process that stopped rang for nobody).
   */
  async pass({ graceMs = this.options.reconcileGraceMs } = {}): Promise<void> {
    try {
      await this.dataSource.transaction(async (tx) => {
        const [{ locked }]: { locked: boolean }[] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RECONCILER_LOCK]);
        if (!locked) {
          // Another process is counting: a count of ours from an older pass would outlive the facts.
          overdueRows.reset();
          return;
        }
        // Should this process hang mid-pass, PostgreSQL ends its session and the lock goes to another process.
        await tx.query(`SET LOCAL idle_in_transaction_session_timeout = '${LOCK_HOLD_LIMIT_MS}ms'`);
        const pass = Math.floor(Date.now() / this.options.reconcileIntervalMs);
        for (const source of this.sources) overdueRows.set({ ledger: source.name }, await source.wakeOverdue(graceMs, pass));
        if (Date.now() - this.lastPrune > HOUR_MS) await this.pruneHistory();
      });
    } catch (error) {
      this.logger.warn(`reconciler pass failed, the next one retries: ${(error as Error).message}`);
    }
  }

  private async wakeOverdueMessages(graceMs: number, pass: number): Promise<number> {
    let overdue = 0;
    for (const { definition } of this.registry.all()) {
      const count = await this.messages.overdue(definition.name, graceMs, OVERDUE_READ);
      if (count > 0) await this.doorbells.ringNow(mailboxOf(definition.name), [{ jobId: `${definition.name}:reconcile:${pass}`, data: {} }]);
      overdue += count;
    }
    return overdue;
  }

  private async pruneHistory(): Promise<void> {
    this.lastPrune = Date.now();
    const removed = await this.messages.pruneFailed(this.options.historyRetentionMs);
    if (removed > 0) this.logger.log(`forgot ${removed} failed messages older than JOB_HISTORY_RETENTION`);
  }
}
