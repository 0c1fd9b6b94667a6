import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArchiveLedger } from '../../domain/ports/archive-ledger.js';
import { DocumentDelivery } from '../../domain/ports/document-delivery.js';
import { DocumentErasure } from '../../domain/ports/document-erasure.js';
import { RejectedLedger } from '../../domain/ports/rejected-ledger.js';
import { DocumentsController } from './api/documents.controller.js';
import { EventsController } from './api/events.controller.js';
import { RedeliverController } from './api/redeliver.controller.js';
import { DeliveryArchiveLedger } from './application/archive-ledger.service.js';
import { AttemptRound } from './application/attempt-round.js';
import { BodyRetention } from './application/body-retention.js';
import { DataHookPoster } from './application/data-hook-poster.js';
import { DeliveryGauges } from './application/delivery-gauges.js';
import { DeliveryLanes } from './application/delivery-lanes.js';
import { DeliveryDocumentErasure } from './application/document-erasure.service.js';
import { EventsQuery } from './application/events-query.js';
import { IngestDocuments } from './application/ingest-documents.js';
import { LedgerDoorbell } from './application/ledger-doorbell.js';
import { Redeliver } from './application/redeliver.js';
import { DeliveryRejectedLedger } from './application/rejected-ledger.service.js';
import { ArchiveRecords } from './application/ports/archive-records.js';
import { DeliveredBodies } from './application/ports/delivered-bodies.js';
import { DocumentIntake } from './application/ports/document-intake.js';
import { DocumentLedger } from './application/ports/document-ledger.js';
import { DocumentLookup } from './application/ports/document-lookup.js';
import { ErasureRecords } from './application/ports/erasure-records.js';
import { RejectedRecords } from './application/ports/rejected-records.js';
import { RequestedDelivery } from './application/requested-delivery.js';
import { StorageRound } from './application/storage-round.js';
import { ArchiveRows } from './infrastructure/archive-rows.js';
import { DeliveryAttemptEntity } from './infrastructure/delivery-attempt.entity.js';
import { DocumentEntity } from './infrastructure/document.entity.js';
import { ErasureRows } from './infrastructure/erasure-rows.js';
import { EventQueries } from './infrastructure/event-queries.js';
import { IntakeStore } from './infrastructure/intake-store.js';
import { LedgerStore } from './infrastructure/ledger-store.js';
import { RejectedRows } from './infrastructure/rejected-rows.js';
import { TypeOrmDeliveredBodies } from './infrastructure/typeorm-delivered-bodies.js';

/**
 * Documents and their delivery ledger (the one owner of a document's state), delivery attempts, the
 * ingest, events and redeliver APIs, the retention of delivered bodies. Exports the DocumentDelivery, RejectedLedger,
 * ArchiveLedger and DocumentErasure ports.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([DocumentEntity, DeliveryAttemptEntity])],
  controllers: [DocumentsController, EventsController, RedeliverController],
  providers: [
    { provide: DocumentIntake, useClass: IntakeStore },
    { provide: DocumentLedger, useClass: LedgerStore },
    { provide: DocumentLookup, useClass: EventQueries },
    { provide: RejectedRecords, useClass: RejectedRows },
    LedgerDoorbell,
    DataHookPoster,
    AttemptRound,
    StorageRound,
    DeliveryLanes,
    IngestDocuments,
    EventsQuery,
    Redeliver,
    DeliveryGauges,
    { provide: ArchiveRecords, useClass: ArchiveRows },
    { provide: ErasureRecords, useClass: ErasureRows },
    { provide: DeliveredBodies, useClass: TypeOrmDeliveredBodies },
    BodyRetention,
    { provide: DocumentDelivery, useClass: RequestedDelivery },
    { provide: RejectedLedger, useClass: DeliveryRejectedLedger },
    { provide: ArchiveLedger, useClass: DeliveryArchiveLedger },
    { provide: DocumentErasure, useClass: DeliveryDocumentErasure },
  ],
  exports: [DocumentDelivery, RejectedLedger, ArchiveLedger, DocumentErasure],
})
export class DeliveryModule {}
