import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RowLifetimes } from '../../../infrastructure/database/row-lifetimes.js';
import { removeFinishedJobs } from '../../../infrastructure/jobs/finished-jobs.js';

/** A finished erasure answers who was erased, and when, for EVENT_RETENTION; then its record goes too. */
@Injectable()
export class ErasureLifetimes implements OnModuleInit {
  constructor(
    private readonly lifetimes: RowLifetimes,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.lifetimes.register({
      rows: 'finished erasures',
      removeExpired: (retentionMs, limit) => removeFinishedJobs(this.dataSource, { jobs: 'erasures', finished: `state = 'Done'` }, retentionMs, limit),
    });
  }
}
