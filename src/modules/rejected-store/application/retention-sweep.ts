import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import { createEvent } from '../../../domain/events.js';
import { RejectedDocuments } from '../infrastructure/rejected-documents.repository.js';
import { RejectedObjects } from '../infrastructure/rejected-objects.js';
import { rejectedDocumentsExpired } from '../infrastructure/rejected-store.metrics.js';

const SWEEP_INTERVAL_NAME = 'rejected-store:retention-sweep';
const SWEEP_BATCH_SIZE = 100;

/**
 * Every SWEEP_INTERVAL, deletes the objects of documents past their retention, marks them expired
 * and publishes document.expired. Each batch is claimed with SKIP LOCKED in one transaction, so
 * sweeps in several worker processes share the work; a crash before commit leaves the rows for
 * the next sweep, and deleting an object twice is harmless.
 */
@Injectable()
export class RetentionSweep implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RetentionSweep');
  private running?: Promise<number>;

  constructor(
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly documents: RejectedDocuments,
    private readonly objects: RejectedObjects,
  ) {}

  onModuleInit(): void {
    if (!this.config.runsWorkers) return;
    this.scheduler.addInterval(SWEEP_INTERVAL_NAME, setInterval(() => this.sweepInBackground(), this.config.sweepIntervalMs));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', SWEEP_INTERVAL_NAME)) this.scheduler.deleteInterval(SWEEP_INTERVAL_NAME);
    await this.running?.catch(() => undefined);
  }

  /** Expires every document past its retention; returns how many this sweep expired. */
  async sweep(now: Date = new Date()): Promise<number> {
    let expired = 0;
    for (;;) {
      const count = await this.sweepBatch(now);
      expired += count;
      if (count < SWEEP_BATCH_SIZE) return expired;
    }
  }

  private sweepInBackground(): void {
    // One sweep at a time in a process; a sweep longer than the interval simply skips a tick.
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: Error) => {
        this.logger.warn(`retention sweep failed, the next one retries: ${error.message}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  private async sweepBatch(now: Date): Promise<number> {
    const due = await this.dataSource.transaction(async (tx) => {
      const claimed = await this.documents.claimDueForSweep(tx, now, SWEEP_BATCH_SIZE);
      if (claimed.length === 0) return claimed;
      await Promise.all(claimed.map((document) => this.objects.delete(document)));
      const expiredAt = new Date();
      await this.documents.markExpired(
        tx,
        claimed.map((document) => document.documentId),
        expiredAt,
      );
      await this.bus.publish(
        tx,
        ...claimed.map(({ documentId, clientId, environment, bucket, key }) =>
          createEvent('document.expired', { documentId, clientId, environment, bucket, key, expiredAt: expiredAt.toISOString() }),
        ),
      );
      return claimed;
    });
    for (const document of due) rejectedDocumentsExpired.inc({ environment: document.environment });
    return due.length;
  }
}
