import { Global, Module } from '@nestjs/common';
import { declareMailboxes } from '../../../libs/kernel/index.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeys } from '../../domain/ports/api-keys.js';
import { HookDirectory } from '../../domain/ports/hook-directory.js';
import { HookGate } from '../../domain/ports/hook-gate.js';
import { KnownClients } from '../../domain/ports/known-clients.js';
import { ClientsController } from './api/clients.controller.js';
import { ClientResponses } from './api/hook.response.js';
import { RegistrationsController } from './api/registrations.controller.js';
import { ClientsService } from './application/clients.service.js';
import { HookGauges } from './application/hook-gauges.js';
import { HookHealthActor } from './application/hook-health.actor.js';
import { ClientDirectory } from './application/ports/client-directory.js';
import { HookCache } from './application/ports/hook-cache.js';
import { HookStatuses } from './application/ports/hook-statuses.js';
import { ClientRecord } from './infrastructure/client.entity.js';
import { ClientRepository } from './infrastructure/client.repository.js';
import { HookHealthRepository } from './infrastructure/hook-health.repository.js';
import { HookRecord } from './infrastructure/hook.entity.js';
import { RedisHookGate } from './infrastructure/redis-hook-gate.js';
import { RepositoryApiKeys } from './infrastructure/repository-api-keys.js';
import { RepositoryKnownClients } from './infrastructure/repository-known-clients.js';
import { TypeOrmHookDirectory } from './infrastructure/typeorm-hook-directory.js';

/**
 * Clients, their API keys and their hooks (registrations), with hook health and the gate that paces
 * deliveries to each hook. Exports the HookDirectory, HookGate, ApiKeys and KnownClients ports.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ClientRecord, HookRecord]), declareMailboxes(HookHealthActor)],
  controllers: [ClientsController, RegistrationsController],
  providers: [
    ClientRepository,
    { provide: ClientDirectory, useExisting: ClientRepository },
    ClientResponses,
    ClientsService,
    { provide: HookStatuses, useClass: HookHealthRepository },
    HookHealthActor,
    HookGauges,
    TypeOrmHookDirectory,
    // The same instance, so that this module's writes can clear the directory's cache.
    { provide: HookDirectory, useExisting: TypeOrmHookDirectory },
    { provide: HookCache, useExisting: TypeOrmHookDirectory },
    { provide: ApiKeys, useClass: RepositoryApiKeys },
    { provide: KnownClients, useClass: RepositoryKnownClients },
    { provide: HookGate, useClass: RedisHookGate },
  ],
  exports: [HookDirectory, ApiKeys, HookGate, KnownClients],
})
export class ClientsModule {}
