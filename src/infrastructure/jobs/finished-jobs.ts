import type { DataSource } from 'typeorm';

/**
 * Removes up to `limit` rows of a job table's finished jobs older than `retentionMs`: their items first, a page at a
 * time (a bulk job may have many), then the jobs whose items are gone. Through the table's index of finished jobs.
 */
export async function removeFinishedJobs(
  dataSource: DataSource,
  tables: { jobs: string; items?: string; finished: string },
  retentionMs: number,
  limit: number,
): Promise<number> {
  const old = `SELECT id FROM ${tables.jobs} WHERE ${tables.finished} AND updated_at <= now() - $1 * interval '1 millisecond'`;
  if (tables.items) {
    const [, items] = (await dataSource.query(
      `DELETE FROM ${tables.items} WHERE id IN (SELECT i.id FROM ${tables.items} i WHERE i.job_id IN (${old}) LIMIT $2)`,
      [retentionMs, limit],
    )) as [unknown, number];
    if (items === limit) return items;
  }
  const [, jobs] = (await dataSource.query(`DELETE FROM ${tables.jobs} WHERE id IN (${old} LIMIT $2)`, [retentionMs, limit])) as [unknown, number];
  return jobs;
}
