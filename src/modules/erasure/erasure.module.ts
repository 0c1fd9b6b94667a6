import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { declareDoorbells } from '../../../libs/kernel/index.js';
import { ErasuresController } from './api/erasures.controller.js';
import { ErasureRequests } from './application/erasure-requests.js';
import { ERASURE_JOBS, ErasureRunner } from './application/erasure-runner.js';
import { Erasures } from './application/ports/erasures.js';
import { ErasureObjectRecord } from './infrastructure/erasure-object.entity.js';
import { ErasureRecord } from './infrastructure/erasure.entity.js';
import { ErasureLifetimes } from './infrastructure/erasure-lifetimes.js';
import { ErasureRepository } from './infrastructure/erasures.repository.js';

/**
 * Erasure of one user's data: it owns no data of the user, only the erasure record, and coordinates through
 * ports — Delivery cancels and deletes the documents, RejectedStore their objects, Notification its log.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ErasureRecord, ErasureObjectRecord]), declareDoorbells(ERASURE_JOBS.name)],
  controllers: [ErasuresController],
  providers: [{ provide: Erasures, useClass: ErasureRepository }, ErasureRunner, ErasureRequests, ErasureLifetimes],
})
export class ErasureModule {}
