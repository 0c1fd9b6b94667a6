import { Global, Module } from '@nestjs/common';
import { declareMailboxes } from '../../../libs/kernel/index.js';
import { RejectedBucket } from '../../domain/ports/rejected-bucket.js';
import { RejectedErasure } from '../../domain/ports/rejected-erasure.js';
import { ArchiveController } from './api/archive.controller.js';
import { RejectedController } from './api/rejected.controller.js';
import { ArchiveRestore } from './application/archive-restore.js';
import { BucketCleanupActor } from './application/bucket-cleanup.actor.js';
import { RejectedBucketService } from './application/rejected-bucket.service.js';
import { BulkResend } from './application/bulk-resend.js';
import { RejectedObjects } from './application/ports/rejected-objects.js';
import { RejectedDocumentsService } from './application/rejected-documents.service.js';
import { RejectedStoreErasure } from './application/rejected-erasure.service.js';
import { RejectedGauges } from './application/rejected-gauges.js';
import { RejectedRecords } from './application/ports/rejected-records.js';
import { RejectedDocumentRows } from './infrastructure/rejected-document-rows.js';
import { RetentionSweep } from './application/retention-sweep.js';
import { S3RejectedObjects } from './infrastructure/s3-rejected-objects.js';

/**
 * The rejected buckets and the archive: where exhausted documents rest and for how long, retention sweeps
 * (to the archive, out of it), the rejected API, bulk resends and restores from the archive. It keeps the record
 * of every document whose object is in a bucket (`rejected_documents`), as long as the object exists, whatever
 * the age of the document's own record in Delivery's ledger. Exports the RejectedBucket and RejectedErasure ports.
 *
 * Its words: a *bucket* is an S3 bucket (a rejected bucket per environment, and the archive bucket: `S3Buckets` names and
 * creates them); an *object* is one document's body in a bucket (`RejectedObjects`, in S3); a *record* is the row this
 * module keeps of a document whose object exists (`RejectedRecords`, `rejected_documents`). `RejectedBucket` is what
 * the other modules ask of all this (store, keep, whereabouts, read, remove), provided by `RejectedBucketService`.
 */
@Global()
@Module({
  imports: [declareMailboxes(BucketCleanupActor)],
  controllers: [RejectedController, ArchiveController],
  providers: [
    { provide: RejectedObjects, useClass: S3RejectedObjects },
    BucketCleanupActor,
    RejectedDocumentsService,
    BulkResend,
    RetentionSweep,
    ArchiveRestore,
    { provide: RejectedBucket, useClass: RejectedBucketService },
    { provide: RejectedRecords, useClass: RejectedDocumentRows },
    { provide: RejectedErasure, useClass: RejectedStoreErasure },
    RejectedGauges,
  ],
  exports: [RejectedBucket, RejectedErasure],
})
export class RejectedStoreModule {}
