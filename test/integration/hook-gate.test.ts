import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { HookGate } from '../../src/domain/ports/hook-gate.js';
import type { HookTarget } from '../../src/domain/ports/hook-directory.js';
import { apiServiceDuringTests } from '../support/api-service.js';

/** The hook gate's scripts against the real Redis: what every process asks before a request to a hook goes. */
describe('hook gate in Redis', () => {
  const service = apiServiceDuringTests();
  let gate: HookGate;

  before(() => {
    gate = service().app.get(HookGate);
  });

  const hook = (limits: Partial<HookTarget> = {}): HookTarget => ({
    id: randomUUID(),
    clientId: randomUUID(),
    environment: 'sandbox',
    kind: 'data',
    url: 'http://127.0.0.1:1/hook',
    signingSecrets: [],
    status: 'Active',
    rateLimit: null,
    maxInFlight: 3,
    ordering: 'none',
    pausedUntil: null,
    ...limits,
  });

  it('grants no more than maxInFlight at once, and the slots again once released', async () => {
    const target = hook({ maxInFlight: 3 });
    const first = await gate.admit(target, 2);
    const second = await gate.admit(target, 5);
    assert.deepEqual([first.granted, second.granted], [2, 1]);
    const none = await gate.admit(target, 1);
    assert.equal(none.granted, 0);
    assert.ok(none.retryAt, 'says when to ask again');
    await first.release();
    assert.equal((await gate.admit(target, 5)).granted, 2);
  });

  it('paces a rate-limited hook: starts one interval apart, across admissions', async () => {
    const target = hook({ rateLimit: 4, maxInFlight: 100 });
    const admission = await gate.admit(target, 3);
    assert.ok(admission.granted >= 1);
    // Instants, not offsets: each answer counts from its own now, and a busy machine puts time between the two.
    const instants = async (offsets: Promise<number[]>) => (await offsets).map((offset) => Date.now() + offset);
    const starts = await instants(admission.pace(admission.granted));
    const later = await instants((await gate.admit(target, 1)).pace(1));
    const all = [...starts, ...later].map((at) => at - starts[0]);
    for (let i = 1; i < all.length; i++) assert.ok(all[i] - all[i - 1] >= 240, `starts ${all.join(', ')} ms after the first`);
  });

  it('admits nothing while the hook is paused, and says for how long', async () => {
    const target = hook();
    assert.equal(await gate.pausedFor(target.id), 0);
    await gate.pause(target.id, new Date(Date.now() + 2_000));
    const paused = await gate.pausedFor(target.id);
    assert.ok(paused > 1_000 && paused <= 2_000, `paused for ${paused} ms`);
    const refused = await gate.admit(target, 1);
    assert.equal(refused.granted, 0);
    assert.ok(refused.retryAt!.getTime() - Date.now() > 1_000, 'asked to come back once the pause ends');
    await gate.pause(target.id, new Date(Date.now() + 500));
    assert.ok((await gate.pausedFor(target.id)) > 1_000, 'a shorter pause does not cut a longer one');
  });
});
