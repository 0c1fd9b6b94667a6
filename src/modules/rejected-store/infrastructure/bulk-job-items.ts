import type { DataSource } from 'typeorm';

/** The tables of a bulk job over documents: the job (with `total` and a counter per outcome) and its items. */
export interface BulkJobTables {
  jobs: string;
  items: string;
  /** A text column of the items beside the document id, if any. */
  extra?: string;
}

/**
 * The documents of a bulk job (a resend, a restore): fixed when it is requested, taken in order by the runs
 * that follow, each one's outcome recorded and counted once however often a run after a crash records it.
 */
export class BulkJobItems {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: BulkJobTables,
  ) {}

  /** Adds documents (and their `extra` values) to a job being requested; the total counts them. */
  async add(jobId: string, documentIds: readonly string[], extra: readonly string[] = []): Promise<void> {
    if (documentIds.length === 0) return;
    const { jobs, items } = this.tables;
    const [columns, rows, params] = this.tables.extra
      ? [`document_id, ${this.tables.extra}`, 'unnest($2::uuid[], $3::text[])', [jobId, documentIds, extra]]
      : ['document_id', 'unnest($2::uuid[])', [jobId, documentIds]];
    await this.dataSource.query(
      `WITH added AS (INSERT INTO ${items} (job_id, ${columns}) SELECT $1, * FROM ${rows} ON CONFLICT DO NOTHING RETURNING 1)
       UPDATE ${jobs} SET total = total + (SELECT count(*) FROM added) WHERE id = $1`,
      params,
    );
  }

  /** The next documents not tried yet: a run after a crash picks up where the last one stopped. */
  async untried<Row extends { documentId: string }>(jobId: string, limit: number): Promise<Row[]> {
    const extra = this.tables.extra ? `, ${this.tables.extra}` : '';
    return this.dataSource.query(
      `SELECT document_id AS "documentId"${extra} FROM ${this.tables.items} WHERE job_id = $1 AND outcome IS NULL ORDER BY document_id LIMIT $2`,
      [jobId, limit],
    );
  }

  /** Records one document's outcome and counts it in the job's column of that name, once. */
  async count(jobId: string, documentId: string, outcome: string): Promise<void> {
    await this.dataSource.query(
      `WITH tried AS (UPDATE ${this.tables.items} SET outcome = $3 WHERE job_id = $1 AND document_id = $2 AND outcome IS NULL RETURNING 1)
       UPDATE ${this.tables.jobs} SET ${outcome} = ${outcome} + (SELECT count(*) FROM tried), updated_at = now() WHERE id = $1`,
      [jobId, documentId, outcome],
    );
  }
}
