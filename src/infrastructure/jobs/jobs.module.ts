import { Global, Module } from '@nestjs/common';
import { declareDoorbells } from '../../../libs/kernel/index.js';
import { BULK_JOBS_DOORBELL, BulkJobs } from './bulk-jobs.js';
import { LeasedJobs } from './leased-jobs.js';

/** Background jobs kept as leased rows: bulk jobs over documents (each document a row), and jobs leased whole (erasures, whose module declares their doorbell). */
@Global()
@Module({ imports: [declareDoorbells(BULK_JOBS_DOORBELL)], providers: [BulkJobs, LeasedJobs], exports: [BulkJobs, LeasedJobs] })
export class JobsModule {}
