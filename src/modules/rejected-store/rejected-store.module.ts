import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RejectedController } from './api/rejected.controller.js';
import { BulkResend } from './application/bulk-resend.js';
import { RejectedDocumentsService } from './application/rejected-documents.service.js';
import { RejectedStoreActor } from './application/rejected-store.actor.js';
import { RESEND_QUEUE } from './application/resend-queue.js';
import { RetentionSweep } from './application/retention-sweep.js';
import { RejectedDocumentRecord } from './infrastructure/rejected-document.entity.js';
import { RejectedDocuments } from './infrastructure/rejected-documents.repository.js';
import { RejectedObjects } from './infrastructure/rejected-objects.js';
import { ResendJobRecord } from './infrastructure/resend-job.entity.js';
import { ResendJobs } from './infrastructure/resend-jobs.repository.js';

/** The rejected buckets: storage of exhausted documents, retention sweeps, the rejected API and resends. */
@Module({
  imports: [TypeOrmModule.forFeature([RejectedDocumentRecord, ResendJobRecord]), BullModule.registerQueue({ name: RESEND_QUEUE })],
  controllers: [RejectedController],
  providers: [
    RejectedStoreActor,
    RejectedDocuments,
    RejectedObjects,
    ResendJobs,
    RejectedDocumentsService,
    BulkResend,
    RetentionSweep,
  ],
})
export class RejectedStoreModule {}
