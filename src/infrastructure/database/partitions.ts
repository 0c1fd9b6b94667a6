import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, QueryFailedError } from 'typeorm';
import { ScrapedGauge } from '../../../libs/metrics/index.js';
import { TimePartitions, type PartitionedTable } from '../../../libs/partitions/index.js';
import { AppConfig } from '../../config/app-config.js';
import { PeriodicTask } from '../scheduling/periodic-task.js';

/** Partitions are made this many intervals ahead of now. */
const INTERVALS_AHEAD = 2;
/** The maintenance pass runs this many times per interval (at most hourly), so a missed pass costs little. */
const PASSES_PER_INTERVAL = 4;
const HOUR_MS = 3_600_000;

const partitionsAhead = new ScrapedGauge({
  name: 'db_partitions_ahead_seconds',
  help: 'How far past now the partitions of each time-partitioned table reach (rows dated later could not be stored)',
  labelNames: ['table'],
});

/** PostgreSQL's error when no partition holds a row's date. */
export function isMissingPartition(error: unknown): boolean {
  return error instanceof QueryFailedError && /no partition of relation .* found for row/.test(error.message);
}

/**
 * The time-partitioned tables of this service (each module registers its own): partitions exist before a process
 * takes its first request, are kept INTERVALS_AHEAD intervals ahead, and those past EVENT_RETENTION are dropped, by
 * whichever worker process takes the lock first each pass. Should every worker stop, an insert that finds no
 * partition makes it on the spot.
 */
@Injectable()
export class Partitions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly partitions: TimePartitions;
  private readonly task = new PeriodicTask('database:partitions', () => this.partitions.maintain());
  private stopGauge?: () => void;

  constructor(
    dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {
    this.partitions = new TimePartitions(dataSource, {
      intervalMs: config.partitionIntervalMs,
      retentionMs: config.eventRetentionMs,
      aheadMs: INTERVALS_AHEAD * config.partitionIntervalMs,
    });
  }

  /** Called by the owning module while it initializes, before the first pass. */
  register(table: PartitionedTable): void {
    this.partitions.register(table);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.partitions.ensure();
    if (this.config.runsWorkers) this.task.start(this.scheduler, Math.min(this.config.partitionIntervalMs / PASSES_PER_INTERVAL, HOUR_MS));
    this.stopGauge = partitionsAhead.readFrom(async () =>
      (await this.partitions.reach()).map(({ table, until }) => ({ labels: { table }, value: until ? (until.getTime() - Date.now()) / 1000 : 0 })),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopGauge?.();
    await this.task.stop(this.scheduler);
  }

  /** Makes sure a row dated `at` has a partition (after an insert failed for want of one). */
  ensure(at: Date): Promise<void> {
    return this.partitions.ensure(at);
  }

  /** Partitions are made ahead of need; should the current one be missing all the same, it is made now and `work` runs again. */
  async retryingWhereMissing<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      await this.partitions.ensure(new Date());
      return work();
    }
  }

  /** One maintenance pass now (tests drive it instead of waiting for the timer). */
  maintain(now?: Date): Promise<{ dropped: string[] }> {
    return this.partitions.maintain(now);
  }
}
