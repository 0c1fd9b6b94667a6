import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cappedExponentialBackoff, Doorbells, Reconciler } from '../../../libs/kernel/index.js';
import { AppConfig } from '../../config/app-config.js';

/** A table of background jobs that needs `id`, `created_at`, `lease_until`, `lease_owner` and `runs` columns. */
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
  /** Extends the lease: a long job calls it between steps, so that no other worker takes the job over. */
  keepAlive(): Promise<void>;
}

export interface JobHandlers {
  /** Runs the job to its end (it marks the job finished); throws to be run again later. */
  run(job: JobRun): Promise<void>;
  /** After a failed run: the job may give up (mark itself finished). */
  failed?(job: JobRun, error: Error): Promise<void>;
}

const LEASE_MS = 60_000;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;
const worker = `${hostname()}:${process.pid}`;

/**
 * Background jobs kept as rows, like the delivery ledger: a doorbell job carries the job's id only; a worker
 * claims the row with a lease before running it; a failed run waits with capped backoff; the reconciler rings
 * jobs whose doorbell Redis lost or whose worker died. So a job runs to its end whatever crashes, and a job
 * must be written to be run again from the start (its steps remember how far it got).
 */
@Injectable()
export class LeasedJobs {
  private readonly logger = new Logger('LeasedJobs');

  constructor(
    private readonly dataSource: DataSource,
    private readonly doorbells: Doorbells,
    private readonly reconciler: Reconciler,
    private readonly config: AppConfig,
  ) {}

  /** Opens the table's doorbell; in worker processes, answers it and lets the reconciler wake its overdue jobs. */
  serve(jobs: JobTable, handlers: JobHandlers): void {
    this.doorbells.open(jobs.name);
    if (!this.config.runsWorkers) return;
    this.doorbells.answer(jobs.name, jobs.concurrency, (data) => this.work(jobs, String(data.jobId), handlers));
    this.reconciler.register({ name: jobs.name, wakeOverdue: (graceMs, pass) => this.wakeOverdue(jobs, graceMs, pass) });
  }

  /** A job was created (or is due again): best effort, the reconciler rings what Redis did not take. */
  ring(jobs: JobTable, jobId: string, at?: Date): void {
    this.doorbells.ring(jobs.name, [{ jobId: `${jobId}:${at?.getTime() ?? 'now'}`, data: { jobId }, at }]);
  }

  private async work(jobs: JobTable, jobId: string, handlers: JobHandlers): Promise<void> {
    const owner = `${worker}:${randomUUID()}`;
    const lease = (where: string) =>
      this.dataSource.query(
        `UPDATE ${jobs.table} SET lease_until = now() + $2 * interval '1 millisecond', lease_owner = $3${where === 'claim' ? ', runs = runs + 1' : ''}
         WHERE id = $1 AND ${jobs.unfinished} AND ${where === 'claim' ? '(lease_until IS NULL OR lease_until < now())' : 'lease_owner = $3'} RETURNING runs`,
        [jobId, LEASE_MS, owner],
      );
    const [claimed] = (await lease('claim'))[0] as { runs: number }[];
    if (!claimed) return;
    const job: JobRun = { jobId, run: claimed.runs, keepAlive: async () => void (await lease('renew')) };
    try {
      await handlers.run(job);
      await this.dataSource.query(`UPDATE ${jobs.table} SET lease_until = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2`, [jobId, owner]);
    } catch (error) {
      const retryAt = new Date(Date.now() + cappedExponentialBackoff(job.run, RETRY_FIRST_MS, RETRY_MAX_MS));
      this.logger.warn(`${jobs.name} job ${jobId} failed (run ${job.run}), runs again from ${retryAt.toISOString()}: ${(error as Error).message}`);
      await handlers.failed?.(job, error as Error);
      // The lease now says when it may run again; the alarm (or the reconciler, once it passed) rings it.
      await this.dataSource.query(`UPDATE ${jobs.table} SET lease_until = $3 WHERE id = $1 AND lease_owner = $2`, [jobId, owner, retryAt]);
      this.ring(jobs, jobId, retryAt);
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
