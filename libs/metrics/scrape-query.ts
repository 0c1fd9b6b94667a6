import type { DataSource } from 'typeorm';

/** Shorter than the second the metrics endpoint gives each metric, so PostgreSQL gives up before the scrape does. */
export const SCRAPE_STATEMENT_TIMEOUT_MS = 800;

/**
 * A read for a scrape, which PostgreSQL itself abandons after SCRAPE_STATEMENT_TIMEOUT_MS: a count slowed by
 * a lock or a backlog must not go on holding a pooled connection after the scrape gave up, nor pile up
 * behind the next scrapes.
 */
export function scrapeQuery<T>(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SET LOCAL statement_timeout = ${SCRAPE_STATEMENT_TIMEOUT_MS}`);
    return tx.query(sql, parameters);
  });
}
