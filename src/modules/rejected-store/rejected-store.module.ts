import { Module } from '@nestjs/common';

/** The rejected buckets: storage of exhausted documents, retention sweeps, the rejected API and resends. */
@Module({})
export class RejectedStoreModule {}
