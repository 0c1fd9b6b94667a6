import type { QueryRunner } from 'typeorm';

/**
 * Frozen for the migrations that moved tables to time partitions: what they needed, as it was when they were
 * written, so that later changes to the live partition code never rewrite history.
 */

/** The interval of the partitions made for rows that existed before partitioning (the default PARTITION_INTERVAL then). */
export const UPGRADE_INTERVAL_MS = 7 * 24 * 3_600_000;

/** `documents_p20261130t000000`: a partition's table and the instant it starts, as the service names them. */
export function partitionName(table: string, from: Date): string {
  return `${table}_p${from.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase()}`;
}

/**
 * Creates the partitions of `parent` that rows of `source` need (by `column`), on the grid of UPGRADE_INTERVAL_MS,
 * each with the extra indexes `indexes(partition)` gives. Nothing when `source` is empty: the service then makes
 * the partitions it needs at start.
 */
export async function partitionsForRows(
  queryRunner: QueryRunner,
  parent: string,
  source: string,
  column: string,
  options: { storage?: string; indexes?: (partition: string) => string[] } = {},
): Promise<void> {
  const [{ first, last }]: { first: Date | null; last: Date | null }[] = await queryRunner.query(`SELECT min("${column}") AS first, max("${column}") AS last FROM "${source}"`);
  if (first === null || last === null) return;
  const floor = (at: Date) => Math.floor(at.getTime() / UPGRADE_INTERVAL_MS) * UPGRADE_INTERVAL_MS;
  for (let start = floor(new Date(first)); start <= new Date(last).getTime(); start += UPGRADE_INTERVAL_MS) {
    const from = new Date(start);
    const to = new Date(start + UPGRADE_INTERVAL_MS);
    const name = partitionName(parent, from);
    await queryRunner.query(
      `CREATE TABLE "${name}" PARTITION OF "${parent}" FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')${options.storage ? ` WITH (${options.storage})` : ''}`,
    );
    for (const statement of options.indexes?.(name) ?? []) await queryRunner.query(statement);
  }
}

/** The unique index on `id` each partition of a table keyed by id has (the parent cannot declare it without the partition column). */
export function uniqueId(partition: string): string[] {
  return [`CREATE UNIQUE INDEX "${partition}_id" ON "${partition}" ("id")`];
}
