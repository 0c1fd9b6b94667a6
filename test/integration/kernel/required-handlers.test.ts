import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KernelModule } from '../../../libs/kernel/index.js';
import { ensureDatabase } from '../../../src/infrastructure/database/ensure-database.js';
import { typeormOptions } from '../../../src/infrastructure/database/typeorm-options.js';
import { TestEnvironment } from '../../support/test-environment.js';
import { HAPPENED, Journal, Recorder } from './kernel-harness.js';

describe('kernel start-up', () => {
  const environment = new TestEnvironment();

  after(() => environment.destroy());

  it('refuses to start when an event type that needs a handler has none, naming it', async () => {
    const config = environment.config();
    await ensureDatabase(config.databaseUrl);
    const module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...typeormOptions(config), autoLoadEntities: true }),
        KernelModule.forRootAsync({
          useFactory: () => ({
            redisUrl: config.redisUrl,
            redisPrefix: config.redisPrefix,
            runActors: true,
            requiredHandlers: [HAPPENED, 'invoice.paid'],
            mailboxConcurrency: 1,
          }),
        }),
      ],
      providers: [{ provide: Journal, useValue: new Journal() }, Recorder],
    }).compile();
    await assert.rejects(module.init(), /no actor handles the required event type\(s\): invoice\.paid$/);
    await module.close();
  });
});
