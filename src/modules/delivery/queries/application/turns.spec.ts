import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Turns } from './turns.js';

describe('Turns', () => {
  it('starts each send once the one before it was admitted, then lets them run on together', async () => {
    const turns = new Turns();
    const events: string[] = [];
    const send = (name: string, admitAfterMs: number, runMs: number) =>
      turns.take('job', async (admitted) => {
        events.push(`${name} asks`);
        await sleep(admitAfterMs);
        events.push(`${name} admitted`);
        admitted();
        await sleep(runMs);
        events.push(`${name} done`);
        return name;
      });
    // The first waits longest at the gate: the others still go after it, and nobody waits for a send to end.
    const results = await Promise.all([send('a', 30, 40), send('b', 0, 40), send('c', 0, 0)]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.deepEqual(events.slice(0, 6), ['a asks', 'a admitted', 'b asks', 'b admitted', 'c asks', 'c admitted']);
    assert.equal(turns.size, 0, 'nothing kept once every send was admitted');
  });

  it('passes the turn on when a send fails before it is admitted, and reports the failure to its caller', async () => {
    const turns = new Turns();
    const failing = turns.take('job', async () => {
      throw new Error('its body is gone');
    });
    const next = turns.take('job', async (admitted) => (admitted(), 'sent'));
    await assert.rejects(failing, /its body is gone/);
    assert.equal(await next, 'sent');
  });

  it('keeps keys apart', async () => {
    const turns = new Turns();
    let releaseA!: () => void;
    const a = turns.take('a', (admitted) => new Promise<void>((resolve) => (releaseA = () => (admitted(), resolve()))));
    assert.equal(await turns.take('b', async (admitted) => (admitted(), 'b went first')), 'b went first');
    releaseA();
    await a;
  });
});
