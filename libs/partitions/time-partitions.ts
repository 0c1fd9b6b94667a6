import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { attachedPartitions, orphanPartitions } from './partition-catalog.js';
import { gridFloor, isExpired, partitionName, rangesCovering, type PartitionRange } from './partition-range.js';

/** A table range-partitioned by a timestamp column, whose partitions this service creates ahead and drops whole. */
export interface PartitionedTable {
  table: string;
  /** Storage parameters of each partition (`fillfactor = 90`): a partitioned parent has none of its own. */
  storage?: string;
  /**
   * Indexes the parent cannot declare, made on each new partition before it is attached: a unique key
   * without the partition column (`CREATE UNIQUE INDEX … ON ${partition} (id)`).
   */
  partitionIndexes?(partition: string): string[];
  /**
   * Asked before a partition past retention goes: false keeps it for now (rows in it are still needed, and the
   * next pass asks again). Rows that must outlive their partition are kept elsewhere by their owner, not here.
   */
  mayDrop?(range: PartitionRange): Promise<boolean>;
}

export interface PartitionPolicy {
  intervalMs: number;
  /** Partitions whose whole range is older than this are dropped. */
  retentionMs: number;
  /** Partitions are created this far ahead of now. */
  aheadMs: number;
}

/** Any number on this key works, as long as every process of a deployment uses the same one. */
export const PARTITIONS_LOCK = 716_201_904;
/** A process that waits for another one's pass gives up after this long (and tries again later). */
const LOCK_WAIT_MS = 30_000;

/**
 * Time partitions managed by the service itself: created ahead of need (CREATE TABLE … LIKE, then ATTACH, which
 * takes only a SHARE UPDATE EXCLUSIVE lock on the parent, so ingest goes on) and, once every row of one is past
 * retention, detached CONCURRENTLY and dropped whole — never a DELETE over a big table. No DEFAULT partition:
 * it would make every detach lock the parent. One process at a time (an advisory lock on its own connection).
 */
export class TimePartitions {
  private readonly logger = new Logger('Partitions');
  private readonly tables: PartitionedTable[] = [];

  constructor(
    private readonly dataSource: DataSource,
    readonly policy: PartitionPolicy,
  ) {}

  register(table: PartitionedTable): void {
    this.tables.push(table);
  }

  registered(): readonly PartitionedTable[] {
    return this.tables;
  }

  /** Makes sure every table has a partition for `at` and up to `ahead` past now, waiting for another process's pass if one runs. */
  async ensure(at: Date = new Date()): Promise<void> {
    await this.exclusively(true, async (runner) => {
      for (const table of this.tables) await this.cover(runner, table, at);
    });
  }

  /** The periodic pass: partitions ahead, leftovers of a crash cleared, expired partitions dropped. Skipped when another process runs one. */
  async maintain(now: Date = new Date()): Promise<{ dropped: string[] }> {
    const dropped: string[] = [];
    await this.exclusively(false, async (runner) => {
      for (const table of this.tables) {
        await this.clearLeftovers(runner, table);
        await this.cover(runner, table, now);
        for (const name of await this.dropExpired(runner, table, now)) dropped.push(name);
      }
    });
    return { dropped };
  }

  /** Per table, the end of its last partition: how far ahead rows can be taken. */
  async reach(): Promise<{ table: string; until: Date | null }[]> {
    return Promise.all(
      this.tables.map(async ({ table }) => ({ table, until: (await attachedPartitions(this.dataSource, table)).at(-1)?.to ?? null })),
    );
  }

  private async cover(runner: QueryRunner, table: PartitionedTable, at: Date): Promise<void> {
    const existing = (await attachedPartitions(runner, table.table)).filter((partition) => !partition.detachPending);
    const until = new Date(Math.max(Date.now(), at.getTime()) + this.policy.aheadMs);
    const first = existing[0];
    const last = existing.at(-1);
    const wanted = !first
      ? rangesCovering(gridFloor(at, this.policy.intervalMs), until, this.policy.intervalMs)
      : [
          // Before the first partition: a row dated earlier than any partition (a clock behind, a restore).
          ...(at < first.from ? clip(rangesCovering(gridFloor(at, this.policy.intervalMs), first.from, this.policy.intervalMs), first.from) : []),
          ...rangesCovering(last!.to, until, this.policy.intervalMs),
        ];
    for (const range of wanted) await this.create(runner, table, range);
  }

  private async create(runner: QueryRunner, table: PartitionedTable, range: PartitionRange): Promise<void> {
    const name = partitionName(table.table, range.from);
    await runner.startTransaction();
    try {
      await runner.query(
        `CREATE TABLE "${name}" (LIKE "${table.table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)${table.storage ? ` WITH (${table.storage})` : ''}`,
      );
      for (const statement of table.partitionIndexes?.(name) ?? []) await runner.query(statement);
      await runner.query(`ALTER TABLE "${table.table}" ATTACH PARTITION "${name}" FOR VALUES FROM ('${range.from.toISOString()}') TO ('${range.to.toISOString()}')`);
      await runner.commitTransaction();
      this.logger.log(`created partition ${name} for [${range.from.toISOString()}, ${range.to.toISOString()})`);
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  private async dropExpired(runner: QueryRunner, table: PartitionedTable, now: Date): Promise<string[]> {
    const dropped: string[] = [];
    for (const partition of await attachedPartitions(runner, table.table)) {
      if (!isExpired(partition, now, this.policy.retentionMs)) break;
      if (table.mayDrop && !(await table.mayDrop(partition))) {
        this.logger.warn(`partition ${partition.name} is past retention but still holds rows in use; kept until the next pass`);
        break;
      }
      // Outside a transaction: CONCURRENTLY waits for queries using the partition instead of locking the parent.
      await runner.query(`ALTER TABLE "${table.table}" DETACH PARTITION "${partition.name}" CONCURRENTLY`);
      await runner.query(`DROP TABLE "${partition.name}"`);
      dropped.push(partition.name);
      this.logger.log(`dropped partition ${partition.name}: every row in it was past retention`);
    }
    return dropped;
  }

  /** A detach that a crash interrupted is finished, and a detached table whose drop it missed is dropped. */
  private async clearLeftovers(runner: QueryRunner, table: PartitionedTable): Promise<void> {
    for (const partition of await attachedPartitions(runner, table.table)) {
      if (!partition.detachPending) continue;
      await runner.query(`ALTER TABLE "${table.table}" DETACH PARTITION "${partition.name}" FINALIZE`);
      await runner.query(`DROP TABLE "${partition.name}"`);
    }
    for (const name of await orphanPartitions(runner, table.table)) await runner.query(`DROP TABLE "${name}"`);
  }

  private async exclusively(wait: boolean, work: (runner: QueryRunner) => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (wait) {
        await runner.query(`SET lock_timeout = ${LOCK_WAIT_MS}`);
        await runner.query('SELECT pg_advisory_lock($1)', [PARTITIONS_LOCK]);
        await runner.query('SET lock_timeout = 0');
      } else {
        const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [PARTITIONS_LOCK]);
        if (!locked) return;
      }
      try {
        await work(runner);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [PARTITIONS_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}

/** The last range ends where the next partition begins. */
function clip(ranges: PartitionRange[], end: Date): PartitionRange[] {
  return ranges.map((range) => (range.to > end ? { from: range.from, to: end } : range));
}
