import { Global, Module } from '@nestjs/common';
import { IngestModule } from './ingest/ingest.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { QueriesModule } from './queries/queries.module.js';

/**
 * Documents and their delivery, in three parts, each a module of its own folder:
 * - ledger/: the delivery ledger, the one owner of a document's state: records, bodies, attempts, the delivery queue
 *   and the lanes that work it, requested attempts, body retention, erasure;
 * - ingest/: `POST /v1/documents` (and batch), documents stored Pending in the ledger;
 * - queries/: the events, redeliver and replay APIs, over the ledger's ports.
 * Ingest and queries depend on ledger, never ledger on them, nor they on each other. Global, as before: it re-exports
 * LedgerModule, whose DocumentDelivery and DocumentErasure ports the rest of the app injects.
 */
@Global()
@Module({
  imports: [LedgerModule, IngestModule, QueriesModule],
  exports: [LedgerModule],
})
export class DeliveryModule {}
