import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  it('answers what the work answers, and waits for every piece of work started, the failed ones too', async () => {
    const inFlight = new InFlight();
    let finishSlow!: () => void;
    const slow = inFlight.track(() => new Promise<string>((resolve) => (finishSlow = () => resolve('done'))));
    const failing = inFlight.track(async () => {
      throw new Error('failed on purpose');
    });
    await assert.rejects(failing, /failed on purpose/);
    assert.equal(inFlight.size, 1);

    let settled = false;
    const waiting = inFlight.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'the slow work still runs');
    finishSlow();
    assert.equal(await slow, 'done');
    await waiting;
    assert.equal(inFlight.size, 0);
  });
});
