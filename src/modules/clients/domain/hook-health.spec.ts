import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextHookHealth, type HookHealth } from './hook-health.js';

const active = (consecutiveFailures = 0): HookHealth => ({ status: 'Active', consecutiveFailures });
const suspended = (consecutiveFailures = 0): HookHealth => ({ status: 'Suspended', consecutiveFailures });
const restarting = (consecutiveFailures = 0): HookHealth => ({ status: 'Restarting', consecutiveFailures });
const EXHAUSTED = { kind: 'exhausted', reason: 'retries_exhausted' } as const;

describe('nextHookHealth', () => {
  it('counts each exhausted document and suspends an Active hook at the threshold', () => {
    assert.deepEqual(nextHookHealth(active(0), EXHAUSTED, 2), { next: active(1), changed: true, transition: null });
    assert.deepEqual(nextHookHealth(active(1), EXHAUSTED, 2), { next: suspended(2), changed: true, transition: 'suspended' });
  });

  it('never suspends when suspendAfter is 0', () => {
    assert.deepEqual(nextHookHealth(active(99), EXHAUSTED, 0), { next: active(100), changed: true, transition: null });
  });

  it('keeps counting on a hook that is already Suspended without announcing it again', () => {
    assert.deepEqual(nextHookHealth(suspended(2), EXHAUSTED, 2), { next: suspended(3), changed: true, transition: null });
  });

  it('suspends at once when the receiver said 410 Gone, whatever the threshold, and does not count the document too', () => {
    assert.deepEqual(nextHookHealth(active(0), { kind: 'gone' }, 10), { next: suspended(0), changed: true, transition: 'suspended' });
    assert.deepEqual(nextHookHealth(restarting(3), { kind: 'gone' }, 0), { next: suspended(3), changed: true, transition: 'suspended' });
    assert.deepEqual(nextHookHealth(suspended(0), { kind: 'exhausted', reason: 'gone' }, 1), { next: suspended(0), changed: false, transition: null });
  });

  it('ignores documents skipped because the hook was suspended', () => {
    const decision = nextHookHealth(suspended(2), { kind: 'exhausted', reason: 'hook_suspended' }, 2);
    assert.deepEqual(decision, { next: suspended(2), changed: false, transition: null });
  });

  it('suspends a Restarting hook again when a scheduled attempt fails', () => {
    for (const trigger of ['initial', 'retry'] as const) {
      assert.deepEqual(nextHookHealth(restarting(3), { kind: 'failed', trigger }, 10), { next: suspended(3), changed: true, transition: 'suspended' });
    }
  });

  it('never suspends on a failed resend, redelivery or replay', () => {
    for (const trigger of ['resend', 'redeliver', 'replay'] as const) {
      assert.equal(nextHookHealth(restarting(), { kind: 'failed', trigger }, 1).changed, false);
    }
  });

  it('leaves an Active hook alone on a single failed attempt: only exhausted documents count', () => {
    assert.equal(nextHookHealth(active(1), { kind: 'failed', trigger: 'initial' }, 2).changed, false);
  });

  it('resets the count on success and restores a Restarting hook', () => {
    assert.deepEqual(nextHookHealth(active(1), { kind: 'succeeded', trigger: 'initial' }, 2), { next: active(0), changed: true, transition: null });
    assert.deepEqual(nextHookHealth(restarting(4), { kind: 'succeeded', trigger: 'redeliver' }, 2), {
      next: active(0),
      changed: true,
      transition: 'restored',
    });
  });

  it('does not lift a suspension on success: only a restart does', () => {
    assert.deepEqual(nextHookHealth(suspended(5), { kind: 'succeeded', trigger: 'resend' }, 2), { next: suspended(0), changed: true, transition: null });
  });

  it('changes nothing on a success to a healthy hook', () => {
    assert.equal(nextHookHealth(active(0), { kind: 'succeeded', trigger: 'initial' }, 2).changed, false);
  });
});
