import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestEnvironment } from '../../support/test-environment.js';
import { compileKernel, HAPPENED, Journal, MARKER, Recorder } from './kernel-harness.js';

describe('kernel start-up', () => {
  const environment = new TestEnvironment();

  after(() => environment.destroy());

  it('refuses to start when an event type has no handler and is not declared terminal, naming it', async () => {
    const module = await compileKernel(environment, [HAPPENED, MARKER, 'invoice.paid'], [{ provide: Journal, useValue: new Journal() }, Recorder]);
    await assert.rejects(module.init(), /no actor handles the event type\(s\) invoice\.paid, and they are not declared terminal/);
    await module.close();
  });

  it('refuses to start when a handler names an event type the application does not know', async () => {
    const module = await compileKernel(environment, [HAPPENED], [{ provide: Journal, useValue: new Journal() }, Recorder]);
    await assert.rejects(module.init(), /handles "test\.marker", which is no known event type/);
    await module.close();
  });

  it("refuses to start when an actor's mailbox doorbell is not declared, naming it", async () => {
    const module = await compileKernel(environment, [HAPPENED, MARKER], [{ provide: Journal, useValue: new Journal() }, Recorder]);
    await assert.rejects(module.init(), /the doorbell "mailbox:recorder" is not declared/);
    await module.close();
  });
});
