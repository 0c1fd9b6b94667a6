import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RejectedBucket } from '../../domain/ports/rejected-bucket.js';
import { LeasedJobs } from '../../infrastructure/jobs/leased-jobs.js';
import { ArchiveController } from './api/archive.controller.js';
import { RejectedController } from './api/rejected.controller.js';
import { ArchiveRestore } from './application/archive-restore.js';
import { BucketCleanupActor } from './application/bucket-cleanup.actor.js';
import { BucketKeeper } from './application/bucket-keeper.js';
import { BulkResend } from './application/bulk-resend.js';
import { RejectedObjects } from './application/ports/rejected-objects.js';
import { ResendJobs } from './application/ports/resend-jobs.js';
import { RestoreJobs } from './application/ports/restore-jobs.js';
import { RejectedDocumentsService } from './application/rejected-documents.service.js';
import { RetentionSweep } from './application/retention-sweep.js';
import { ResendJobItemRecord } from './infrastructure/resend-job-item.entity.js';
import { ResendJobRecord } from './infrastructure/resend-job.entity.js';
import { ResendJobRepository } from './infrastructure/resend-jobs.repository.js';
import { RestoreJobItemRecord } from './infrastructure/restore-job-item.entity.js';
import { RestoreJobRecord } from './infrastructure/restore-job.entity.js';
import { RestoreJobRepository } from './infrastructure/restore-jobs.repository.js';
import { S3RejectedObjects } from './infrastructure/s3-rejected-objects.js';

/**
 * The rejected buckets and the archive: where exhausted documents rest and for how long, retention sweeps
 * (to the archive, out of it), the rejected API, bulk resends and restores from the archive. It keeps objects,
 * not state: Delivery's ledger says what waits and what the archive keeps (the RejectedLedger and ArchiveLedger ports).
 * Exports the RejectedBucket port.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ResendJobRecord, ResendJobItemRecord, RestoreJobRecord, RestoreJobItemRecord])],
  controllers: [RejectedController, ArchiveController],
  providers: [
    { provide: RejectedObjects, useClass: S3RejectedObjects },
    { provide: ResendJobs, useClass: ResendJobRepository },
    BucketCleanupActor,
    RejectedDocumentsService,
    BulkResend,
    RetentionSweep,
    LeasedJobs,
    { provide: RestoreJobs, useClass: RestoreJobRepository },
    ArchiveRestore,
    { provide: RejectedBucket, useClass: BucketKeeper },
  ],
  exports: [RejectedBucket],
})
export class RejectedStoreModule {}
