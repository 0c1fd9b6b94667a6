import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Doorbells, Reconciler } from '../../../../../libs/kernel/index.js';
import { AppConfig } from '../../../../config/app-config.js';
import { HookDirectory } from '../../../../domain/ports/hook-directory.js';
import { AttemptRound } from './attempt-round.js';
import { DELIVERY_DOORBELL, LedgerDoorbell, NEW_ONLY } from './ledger-doorbell.js';
import { DocumentLedger } from './ports/document-ledger.js';
import { StorageRound } from './storage-round.js';

/** Doorbell jobs a worker process runs at once: each works on one hook, so one slow hook holds one lane. */
const LANES_PER_PROCESS = 32;
/** Rounds one job works a hook before ringing again behind the other hooks' jobs (fairness). */
const ROUNDS_PER_JOB = 4;
/** Overdue rows of one hook a reconciler pass counts at most (one is enough to ring its doorbell; the gauge says "at least"). */
const OVERDUE_READ = 1_000;

/**
 * The delivery workers: each doorbell job names a hook, and works its due documents round by round —
 * storage of exhausted ones, then attempts — until none is due or its turn is over. Registers the ledger
 * with the reconciler, so rows whose doorbell Redis lost are rung again.
 */
@Injectable()
export class DeliveryLanes implements OnApplicationBootstrap {
  constructor(
    private readonly doorbells: Doorbells,
    private readonly doorbell: LedgerDoorbell,
    private readonly reconciler: Reconciler,
    private readonly hooks: HookDirectory,
    private readonly attempts: AttemptRound,
    private readonly storage: StorageRound,
    private readonly ledger: DocumentLedger,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.doorbells.open(DELIVERY_DOORBELL);
    if (!this.config.runsWorkers) return;
    this.doorbells.answer(DELIVERY_DOORBELL, LANES_PER_PROCESS, (job) => this.work(String(job.hookId), { newOnly: job[NEW_ONLY] === '1' }));
    this.reconciler.register({ name: 'delivery', wakeOverdue: (graceMs, pass) => this.wakeOverdue(graceMs, pass) });
  }

  /** One doorbell job: a few rounds of one hook's due documents; rung for new documents only, no storage in the first. */
  async work(hookId: string, { newOnly = false } = {}): Promise<void> {
    for (let round = 0; round < ROUNDS_PER_JOB; round++) {
      const hook = await this.hooks.findById(hookId);
      if (!hook) return;
      const stored = newOnly && round === 0 ? { more: false } : await this.storage.run(hook);
      const attempted = await this.attempts.run(hook);
      if (!stored.more && !attempted.more) return;
    }
    this.doorbell.dueNow([{ hookId, cause: `more:${randomUUID()}` }]);
  }

  private async wakeOverdue(graceMs: number, pass: number): Promise<number> {
    const overdue = await this.ledger.overdueHooks(graceMs, OVERDUE_READ);
    await this.doorbell.ringNow(overdue.map(({ hookId }) => ({ jobId: `${hookId}:reconcile:${pass}`, data: { hookId } })));
    return overdue.reduce((sum, { count }) => sum + count, 0);
  }
}
