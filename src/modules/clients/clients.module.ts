import { Global, Module } from '@nestjs/common';

/** Clients, their API keys and their hooks (registrations), with hook health. Exports the HookDirectory and ApiKeys ports. */
@Global()
@Module({})
export class ClientsModule {}
