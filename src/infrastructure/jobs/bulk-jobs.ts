import { Injectable, Logger } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource, type EntityManager } from 'typeorm';
import { afterCommit, Doorbells, isFree, Leases, NotYet, Reconciler, type LeasedTable } from '../../../libs/kernel/index.js';
import { AppConfig } from '../../config/app-config.js';
import { AlarmClocks } from '../../domain/ports/alarm-clocks.js';
import { Backoffs } from '../../domain/ports/backoffs.js';
import { RowLifetimes } from '../database/row-lifetimes.js';
import type { Environment } from '../../domain/environment.js';
import { newId } from '../../domain/ids.js';
import { removeFinishedJobs } from './finished-jobs.js';
import { BULK_JOB_COLUMNS, type BulkItem, type BulkJob, type ItemOutcome, type ItemSelection } from './bulk-job.js';

/** What a kind of bulk job does with one of its documents. */
export interface BulkJobKind {
  kind: string;
  /** Documents worked on at once per process; the hook's own limits apply on top. */
  concurrency: number;
  /**
   * The document's outcome. Throws NotYet when it must wait (its hook is paused): handed back until then, no try
   * counted, its job's slot free meanwhile. Throws anything else when it could not be tried now (S3 away): tried again later.
   */
  handle(job: BulkJob, item: BulkItem, signal: AbortSignal): Promise<ItemOutcome>;
}

/** The doorbell of every bulk job (declared in JobsModule). */
export const BULK_JOBS_DOORBELL = 'bulk-jobs';
const DOORBELL = BULK_JOBS_DOORBELL;
const ITEMS: LeasedTable = { table: 'bulk_job_items', key: 'id' };
/** Documents one claim takes; a doorbell job works a few claims, then rings again behind other jobs (fairness). */
const PAGE = 50;
const PAGES_PER_RING = 4;
const JOBS_AT_ONCE = 2;

/**
 * Bulk jobs over documents (resends, restores, replays), one shape for every kind. A job is created with all its
 * documents in one transaction (an INSERT … SELECT: no job is ever half-prepared), then worked a page at a time by
 * any worker process: each document is a leased row, claimed with SKIP LOCKED through an index of the untried ones
 * only, its lease renewed while it is worked on, and its outcome counted once, under that lease. The doorbell carries
 * the job's id only; the reconciler rings for a job whose documents wait with nobody working on them.
 */
@Injectable()
export class BulkJobs {
  private readonly logger = new Logger('BulkJobs');
  private readonly kinds = new Map<string, { kind: BulkJobKind; limit: ReturnType<typeof pLimit> }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly doorbells: Doorbells,
    private readonly reconciler: Reconciler,
    private readonly leases: Leases,
    private readonly backoffs: Backoffs,
    private readonly alarms: AlarmClocks,
    lifetimes: RowLifetimes,
    config: AppConfig,
  ) {
    // A finished job answers its progress for EVENT_RETENTION, then goes with its documents.
    lifetimes.register({
      rows: 'finished bulk jobs',
      removeExpired: (retentionMs, limit) => removeFinishedJobs(dataSource, { jobs: 'bulk_jobs', items: 'bulk_job_items', finished: `state IN ('completed', 'failed')` }, retentionMs, limit),
    });
    this.doorbells.open(DOORBELL);
    if (!config.runsWorkers) return;
    this.doorbells.answer(DOORBELL, JOBS_AT_ONCE, (data) => this.work(String(data.jobId)));
    this.reconciler.register({ name: DOORBELL, wakeOverdue: (graceMs, pass) => this.wakeOverdue(graceMs, pass) });
  }

  /** Called by the module that owns a kind, while it initializes. */
  serve(kind: BulkJobKind): void {
    this.kinds.set(kind.kind, { kind, limit: pLimit(kind.concurrency) });
  }

  /**
   * Creates a job of a kind with the documents `items` selects, in one transaction, and rings it once committed:
   * every kind (resend, restore) starts the same way. Answers the job's id and how many documents it holds.
   */
  async start(
    job: { kind: string; clientId: string; environment: Environment },
    items: ItemSelection,
    cap?: { max: number; refusal: () => Error },
  ): Promise<{ jobId: string; total: number }> {
    const jobId = newId();
    const total = await this.dataSource.transaction(async (tx) => {
      const count = await this.create(tx, { id: jobId, ...job }, items);
      // Thrown inside the transaction: the job and its documents are rolled back, nothing is stored.
      if (cap && count > cap.max) throw cap.refusal();
      if (count > 0) afterCommit(tx, () => this.ring(jobId));
      return count;
    });
    return { jobId, total };
  }

  /**
   * Creates a job with the documents `items` selects (columns `document_id`, `document_created_at` and `key`, either
   * of the last two may be NULL), in the order to work them, in the caller's transaction; answers how many.
   */
  private async create(tx: EntityManager, job: { id: string; kind: string; clientId: string; environment: Environment }, items: ItemSelection): Promise<number> {
    const [{ total }]: { total: number }[] = await tx.query(
      `WITH added AS (
         INSERT INTO bulk_job_items (job_id, position, document_id, document_created_at, key)
         SELECT $${items.params.length + 1}, row_number() OVER (), s.document_id, s.document_created_at, s.key FROM (${items.sql}) s
         ON CONFLICT (job_id, document_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS total FROM added`,
      [...items.params, job.id],
    );
    await tx.query(`INSERT INTO bulk_jobs (id, kind, client_id, environment, state, total) VALUES ($1, $2, $3, $4, $5, $6)`, [
      job.id,
      job.kind,
      job.clientId,
      job.environment,
      total === 0 ? 'completed' : 'queued',
      total,
    ]);
    return total;
  }

  /** A job was created, or has more to do now: best effort, the reconciler rings what Redis did not take. */
  ring(jobId: string): void {
    this.doorbells.ring(DOORBELL, [{ jobId: `${jobId}:${newId()}`, data: { jobId } }]);
  }

  /** One job of a kind; limited to a client's own unless an operator asks (null). */
  async find(id: string, kind: string, clientId: string | null): Promise<BulkJob | null> {
    const rows: BulkJob[] = await this.dataSource.query(
      `SELECT ${BULK_JOB_COLUMNS} FROM bulk_jobs WHERE id = $1 AND kind = $2 AND ($3::uuid IS NULL OR client_id = $3::uuid)`,
      [id, kind, clientId],
    );
    return rows[0] ?? null;
  }

  /**
   * One doorbell job: a few pages of the job's untried documents, then a ring behind the others if more remain. A
   * document handed back (its hook paused: NotYet) ends the job's turn until then, so it holds no slot meanwhile.
   */
  private async work(jobId: string): Promise<void> {
    const [job]: BulkJob[] = await this.dataSource.query(`SELECT ${BULK_JOB_COLUMNS} FROM bulk_jobs WHERE id = $1 AND state IN ('queued', 'running')`, [jobId]);
    const served = job && this.kinds.get(job.kind);
    if (!served) return;
    await this.dataSource.query(`UPDATE bulk_jobs SET state = 'running', updated_at = now() WHERE id = $1 AND state = 'queued'`, [jobId]);
    for (let page = 0; page < PAGES_PER_RING; page++) {
      const { lease, rows } = await this.leases.claim<BulkItem>(ITEMS, {
        pick: (p) => `SELECT i.id FROM bulk_job_items i WHERE i.job_id = ${p(jobId)} AND i.outcome IS NULL AND ${isFree('i')} ORDER BY i.position`,
        limit: PAGE,
        select: (leased) => `SELECT id, document_id AS "documentId", document_created_at AS "documentCreatedAt", key, tries FROM ${leased} ORDER BY position`,
      });
      const tried = await this.leases.hold(lease, () => Promise.all(rows.map((item) => served.limit(() => this.workOn(served.kind, job, item, lease.owner, lease.signalOf(item.id))))));
      const handedBack = tried.filter((until): until is Date => until !== null);
      if (handedBack.length > 0) return this.alarms.set(DOORBELL, jobId, { jobId }, handedBack);
      if (rows.length < PAGE) return this.finishIfDone(jobId);
    }
    this.ring(jobId);
  }

  /** Null once the document is tried (or its try failed); the time it is handed back until, when it must wait. */
  private async workOn(kind: BulkJobKind, job: BulkJob, item: BulkItem, owner: string, signal: AbortSignal): Promise<Date | null> {
    try {
      const outcome = await kind.handle(job, item, signal);
      if (signal.aborted) return null;
      await this.dataSource.query(
        `WITH done AS (UPDATE bulk_job_items SET outcome = $3, lease_until = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2 AND outcome IS NULL RETURNING 1)
         UPDATE bulk_jobs SET ${outcome} = ${outcome} + (SELECT count(*) FROM done), updated_at = now() WHERE id = $4`,
        [item.id, owner, outcome, job.id],
      );
      return null;
    } catch (error) {
      if (error instanceof NotYet) return this.handBack(item, owner, error.until);
      // Retry's `bulk-item` rule: tried a few times, then failed, and its job goes on.
      const tries = item.tries + 1;
      const next = this.backoffs.retryAt('bulk-item', tries);
      const givenUp = next === null;
      const retryAt = next ?? new Date();
      this.logger.warn(`${job.kind} job ${job.id}: a document could not be tried (try ${tries}/${this.backoffs.rule('bulk-item').attempts})${givenUp ? ', failed' : ''}: ${(error as Error).message}`);
      // The lease now says when it may be tried again; the alarm (or the reconciler) rings for it.
      await this.dataSource.query(
        `WITH tried AS (
           UPDATE bulk_job_items SET tries = tries + 1, lease_owner = NULL, lease_until = $3, outcome = CASE WHEN $4 THEN 'failed' END
           WHERE id = $1 AND lease_owner = $2 RETURNING outcome)
         UPDATE bulk_jobs SET failed = failed + (SELECT count(*) FROM tried WHERE outcome = 'failed'), updated_at = now() WHERE id = $5`,
        [item.id, owner, retryAt, givenUp, job.id],
      );
      if (!givenUp) this.alarms.set(DOORBELL, job.id, { jobId: job.id }, [retryAt]);
      return null;
    }
  }

  /** Not a try: the document is free again from `until` (its lease says so), when the job's alarm rings. */
  private async handBack(item: BulkItem, owner: string, until: Date): Promise<Date> {
    await this.dataSource.query(`UPDATE bulk_job_items SET lease_owner = NULL, lease_until = $3 WHERE id = $1 AND lease_owner = $2`, [item.id, owner, until]);
    return until;
  }

  /** Completed once no document is left untried (a document still being tried elsewhere keeps it running). */
  private async finishIfDone(jobId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE bulk_jobs SET state = 'completed', updated_at = now()
       WHERE id = $1 AND state IN ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM bulk_job_items WHERE job_id = $1 AND outcome IS NULL)`,
      [jobId],
    );
  }

  /** Unfinished jobs with a document free to be tried for longer than the grace: nobody is working on them. */
  private async wakeOverdue(graceMs: number, pass: number): Promise<number> {
    const overdue: { id: string }[] = await this.dataSource.query(
      `SELECT j.id FROM bulk_jobs j WHERE j.state IN ('queued', 'running') AND j.updated_at < now() - $1 * interval '1 millisecond'
         AND EXISTS (SELECT 1 FROM bulk_job_items i WHERE i.job_id = j.id AND i.outcome IS NULL AND ${isFree('i')})`,
      [graceMs],
    );
    await this.doorbells.ringNow(
      DOORBELL,
      overdue.map(({ id }) => ({ jobId: `${id}:reconcile:${pass}`, data: { jobId: id } })),
    );
    return overdue.length;
  }
}
