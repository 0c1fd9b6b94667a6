import { Module } from '@nestjs/common';
import { declareDoorbells } from '../../../../libs/kernel/index.js';
import { DocumentDelivery } from '../../../domain/ports/document-delivery.js';
import { DocumentErasure } from '../../../domain/ports/document-erasure.js';
import { AttemptRound } from './application/attempt-round.js';
import { BodyRetention } from './application/body-retention.js';
import { DataHookPoster } from './application/data-hook-poster.js';
import { DeliveryGauges } from './application/delivery-gauges.js';
import { DeliveryLanes } from './application/delivery-lanes.js';
import { DeliveryDocumentErasure } from './application/document-erasure.service.js';
import { DELIVERY_DOORBELL, LedgerDoorbell } from './application/ledger-doorbell.js';
import { DeliveredBodies } from './application/ports/delivered-bodies.js';
import { DocumentIntake } from './application/ports/document-intake.js';
import { DocumentLedger } from './application/ports/document-ledger.js';
import { DocumentLookup } from './application/ports/document-lookup.js';
import { ErasureRecords } from './application/ports/erasure-records.js';
import { RequestedDelivery } from './application/requested-delivery.js';
import { StorageRound } from './application/storage-round.js';
import { ErasureRows } from './infrastructure/erasure-rows.js';
import { EventQueries } from './infrastructure/event-queries.js';
import { IntakeStore } from './infrastructure/intake-store.js';
import { LedgerPartitions } from './infrastructure/ledger-partitions.js';
import { LedgerStore } from './infrastructure/ledger-store.js';
import { TypeOrmDeliveredBodies } from './infrastructure/typeorm-delivered-bodies.js';

/**
 * The delivery ledger, the one owner of a document's state: the time-partitioned records, bodies and attempts, the
 * delivery queue of Pending work and its doorbell, the lanes that attempt and store it, the attempts a client asks
 * for (RequestedDelivery), the retention of delivered bodies and the erasure of a user's documents. It imports
 * nothing from ingest or queries, which build on it.
 *
 * Exports the DocumentDelivery and DocumentErasure ports (for the rest of the app), and for the other two parts of
 * Delivery (through index.ts) the DocumentIntake port (ingest stores through it: the ledger alone writes its tables),
 * the LedgerDoorbell (ingest rings it) and the DocumentLookup port. DocumentLookup, its SQL (EventQueries)
 * and the ReplayRange it selects by (domain/replay.ts) live here, not in queries, because RequestedDelivery finds
 * the document it sends through it. The module's error catalogue (domain/delivery.errors.ts) and the document's types
 * (ledger-document, ledger-status, transitions) live here too: every part uses them, and every part may import ledger.
 */
@Module({
  imports: [declareDoorbells(DELIVERY_DOORBELL)],
  providers: [
    LedgerPartitions,
    { provide: DocumentIntake, useClass: IntakeStore },
    { provide: DocumentLedger, useClass: LedgerStore },
    { provide: DocumentLookup, useClass: EventQueries },
    LedgerDoorbell,
    DataHookPoster,
    AttemptRound,
    StorageRound,
    DeliveryLanes,
    DeliveryGauges,
    { provide: ErasureRecords, useClass: ErasureRows },
    { provide: DeliveredBodies, useClass: TypeOrmDeliveredBodies },
    BodyRetention,
    { provide: DocumentDelivery, useClass: RequestedDelivery },
    { provide: DocumentErasure, useClass: DeliveryDocumentErasure },
  ],
  exports: [DocumentDelivery, DocumentErasure, DocumentIntake, LedgerDoorbell, DocumentLookup],
})
export class LedgerModule {}
