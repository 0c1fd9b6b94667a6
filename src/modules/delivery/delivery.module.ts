import { Global, Module } from '@nestjs/common';

/** Documents, their delivery attempts, the ingest, events and redeliver APIs. Exports the DocumentDelivery port. */
@Global()
@Module({})
export class DeliveryModule {}
