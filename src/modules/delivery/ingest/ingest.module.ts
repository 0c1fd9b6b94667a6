import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/index.js';
import { DocumentsController } from './api/documents.controller.js';
import { IngestDocuments } from './application/ingest-documents.js';

/**
 * Ingest: `POST /v1/documents` and `/v1/documents/batch`. Validates producers' documents, stores each as Pending
 * through the ledger's DocumentIntake (record, body and queue row in one statement, concurrent single documents
 * sharing a commit) and rings the ledger's doorbell. Depends on ledger (what ledger/index.ts offers, the document's
 * types and errors); nothing depends on it.
 */
@Module({
  imports: [LedgerModule],
  controllers: [DocumentsController],
  providers: [IngestDocuments],
})
export class IngestModule {}
