import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config.js';
import { PeriodicTask } from '../scheduling/periodic-task.js';

/** Rows one statement removes: a sweep holds no lock for long. */
const PER_STATEMENT = 1000;

interface Lifetime {
  /** What goes, for the log. */
  rows: string;
  /** Removes up to `limit` rows past `retentionMs` (through an index that holds only rows that may expire); returns how many. */
  removeExpired(retentionMs: number, limit: number): Promise<number>;
}

/**
 * The lifetimes of the rows that do not grow with traffic but would pile up forever (finished jobs and their items,
 * finished erasures, records of erased users): every SWEEP_INTERVAL, in worker processes, whatever EVENT_RETENTION
 * left behind goes, a bounded page per statement. Tables that grow with traffic drop whole partitions instead.
 */
@Injectable()
export class RowLifetimes implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lifetimes: Lifetime[] = [];
  private readonly task = new PeriodicTask('database:row-lifetimes', () => this.sweep());

  constructor(
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /** Called by the owning module while it initializes. */
  register(lifetime: Lifetime): void {
    this.lifetimes.push(lifetime);
  }

  onApplicationBootstrap(): void {
    if (this.config.runsWorkers) this.task.start(this.scheduler, this.config.sweepIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop(this.scheduler);
  }

  /** Every lifetime's expired rows, gone; returns how many of each. */
  async sweep(): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const lifetime of this.lifetimes) {
      removed[lifetime.rows] = 0;
      for (let page = PER_STATEMENT; page === PER_STATEMENT; ) {
        page = await lifetime.removeExpired(this.config.eventRetentionMs, PER_STATEMENT);
        removed[lifetime.rows] += page;
      }
    }
    return removed;
  }
}
