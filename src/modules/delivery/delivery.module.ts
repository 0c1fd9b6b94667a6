import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentDelivery } from '../../domain/ports/document-delivery.js';
import { DocumentsController } from './api/documents.controller.js';
import { EventsController } from './api/events.controller.js';
import { RedeliverController } from './api/redeliver.controller.js';
import { DataHookPoster } from './application/data-hook-poster.js';
import { DeliveryActor } from './application/delivery.actor.js';
import { EventsQuery } from './application/events-query.js';
import { IngestDocuments } from './application/ingest-documents.js';
import { Redeliver } from './application/redeliver.js';
import { RequestedDelivery } from './application/requested-delivery.js';
import { DeliveryAttemptEntity } from './infrastructure/delivery-attempt.entity.js';
import { DocumentEntity } from './infrastructure/document.entity.js';
import { DocumentStore } from './infrastructure/document-store.js';

/** Documents, their delivery attempts, the ingest, events and redeliver APIs. Exports the DocumentDelivery port. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([DocumentEntity, DeliveryAttemptEntity])],
  controllers: [DocumentsController, EventsController, RedeliverController],
  providers: [
    DocumentStore,
    DataHookPoster,
    DeliveryActor,
    IngestDocuments,
    EventsQuery,
    Redeliver,
    { provide: DocumentDelivery, useClass: RequestedDelivery },
  ],
  exports: [DocumentDelivery],
})
export class DeliveryModule {}
