import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestEnvironment } from '../../support/test-environment.js';
import { compileKernel, HAPPENED, Journal, Recorder } from './kernel-harness.js';

describe('kernel start-up', () => {
  const environment = new TestEnvironment();

  after(() => environment.destroy());

  it('refuses to start when an event type that needs a handler has none, naming it', async () => {
    const module = await compileKernel(environment, [HAPPENED, 'invoice.paid'], [{ provide: Journal, useValue: new Journal() }, Recorder]);
    await assert.rejects(module.init(), /no actor handles the required event type\(s\): invoice\.paid$/);
    await module.close();
  });
});
