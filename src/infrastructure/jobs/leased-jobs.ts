import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Doorbells, isFree, Leases, Reconciler } from '../../../libs/kernel/index.js';
import { AppConfig } from '../../config/app-config.js';
import { AlarmClocks } from '../../domain/ports/alarm-clocks.js';
import { Backoffs } from '../../domain/ports/backoffs.js';

/** A table of jobs leased whole, with `id`, `created_at`, `lease_until`, `lease_owner` and `runs` columns. */
export interface JobTable {
  /** Names its doorbell and its reconciler entry. */
  name: string;
  table: string;
  /** SQL condition that holds while a job is not finished. */
  unfinished: string;
  /** Jobs one worker process runs at once. */
  concurrency: number;
}

export interface JobRun {
  jobId: string;
  /** 1 on the first run, more after a crash or a failure. */
  run: number;
  /** Aborted when another worker took the job over (this one stalled past its lease): stop at once. */
  signal: AbortSignal;
}

export interface JobHandlers {
  /** Runs the job to its end (it marks the job finished); throws to be run again later. */
  run(job: JobRun): Promise<void>;
}

/**
 * Jobs leased whole (an erasure: steps in order): a doorbell job carries the job's id only; a worker claims the row
 * through the kernel's lease engine, which renews the lease while the job runs; a failed run waits as Retry's
 * `leased-job` backoff says; the reconciler rings jobs whose doorbell Redis lost or whose worker died. So a job runs to its end
 * whatever crashes, and must be written to be run again from the start (its steps remember how far it got).
 */
@Injectable()
export class LeasedJobs {
  private readonly logger = new Logger('LeasedJobs');

  constructor(
    private readonly dataSource: DataSource,
    private readonly doorbells: Doorbells,
    private readonly reconciler: Reconciler,
    private readonly leases: Leases,
    private readonly config: AppConfig,
    private readonly backoffs: Backoffs,
    private readonly alarms: AlarmClocks,
  ) {}

  /** Opens the table's doorbell; in worker processes, answers it and lets the reconciler wake its overdue jobs. */
  serve(jobs: JobTable, handlers: JobHandlers): void {
    this.doorbells.open(jobs.name);
    if (!this.config.runsWorkers) return;
    this.doorbells.answer(jobs.name, jobs.concurrency, (data) => this.work(jobs, String(data.jobId), handlers));
    this.reconciler.register({ name: jobs.name, wakeOverdue: (graceMs, pass) => this.wakeOverdue(jobs, graceMs, pass) });
  }

  /** A job was created: best effort, the reconciler rings what Redis did not take. */
  ring(jobs: JobTable, jobId: string): void {
    this.doorbells.ring(jobs.name, [{ jobId: `${jobId}:now`, data: { jobId } }]);
  }

  private async work(jobs: JobTable, jobId: string, handlers: JobHandlers): Promise<void> {
    const { lease, rows } = await this.leases.claim<{ id: string; runs: number }>(
      { table: jobs.table, key: 'id' },
      { pick: (p) => `SELECT id FROM ${jobs.table} j WHERE id = ${p(jobId)} AND ${jobs.unfinished} AND ${isFree('j')}`, limit: 1, set: () => 'runs = t.runs + 1' },
    );
    if (rows.length === 0) return;
    const job: JobRun = { jobId, run: rows[0].runs, signal: lease.signal };
    try {
      await this.leases.hold(lease, () => handlers.run(job));
      await this.dataSource.query(`UPDATE ${jobs.table} SET lease_until = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2`, [jobId, lease.owner]);
    } catch (error) {
      const retryAt = this.backoffs.retryAt('leased-job', job.run) ?? new Date();
      this.logger.warn(`${jobs.name} job ${jobId} failed (run ${job.run}), runs again from ${retryAt.toISOString()}: ${(error as Error).message}`);
      // The lease now says when it may run again; the alarm (or the reconciler, once it passed) rings it.
      await this.dataSource.query(`UPDATE ${jobs.table} SET lease_until = $3 WHERE id = $1 AND lease_owner = $2`, [jobId, lease.owner, retryAt]);
      this.alarms.set(jobs.name, jobId, { jobId }, [retryAt]);
    }
  }

  private async wakeOverdue(jobs: JobTable, graceMs: number, pass: number): Promise<number> {
    const overdue: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM ${jobs.table} WHERE ${jobs.unfinished}
         AND (lease_until < now() OR (lease_until IS NULL AND created_at < now() - $1 * interval '1 millisecond'))`,
      [graceMs],
    );
    await this.doorbells.ringNow(
      jobs.name,
      overdue.map(({ id }) => ({ jobId: `${id}:reconcile:${pass}`, data: { jobId: id } })),
    );
    return overdue.length;
  }
}
