import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { PeriodicTask } from '../../../../infrastructure/scheduling/periodic-task.js';
import { deliveredBodiesKeptSince } from '../domain/transitions.js';
import { bodiesPurged } from './delivery.metrics.js';
import { DeliveredBodies } from './ports/delivered-bodies.js';

const PURGED_PER_BATCH = 500;

/**
 * Every SWEEP_INTERVAL (in worker processes), removes the bodies of documents delivered longer than
 * DELIVERED_RETENTION ago, a batch at a time, reading only the deliveries that came of age since the last
 * sweep; their metadata and attempts stay, and a redelivery is a 410.
 */
@Injectable()
export class BodyRetention implements OnModuleInit, OnModuleDestroy {
  private readonly task = new PeriodicTask('delivery:body-retention', () => this.sweep());

  constructor(
    private readonly config: AppConfig,
    private readonly bodies: DeliveredBodies,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    if (this.config.runsWorkers) this.task.start(this.scheduler, this.config.sweepIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop(this.scheduler);
  }

  /** Purges every body past its retention; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = deliveredBodiesKeptSince(new Date(), this.config.deliveredRetentionMs);
    let purged = 0;
    for (;;) {
      const batch = await this.bodies.purge(cutoff, PURGED_PER_BATCH);
      bodiesPurged.inc(batch.purged);
      purged += batch.purged;
      if (batch.looked < PURGED_PER_BATCH) return purged;
    }
  }
}
