import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldUntil } from './erasure.js';

const now = new Date('2026-04-10T12:00:00.000Z');

describe('heldUntil', () => {
  it('is the latest lease still running, or null', () => {
    const soon = new Date(now.getTime() + 5000);
    assert.deepEqual(heldUntil([null, soon, new Date(now.getTime() + 1000)], now), soon);
    assert.equal(heldUntil([null, new Date(now.getTime() - 1000)], now), null);
    assert.equal(heldUntil([], now), null);
  });

  it('takes any number of leases', () => {
    const leases = Array.from({ length: 300_000 }, (_, i) => new Date(now.getTime() + i));
    assert.deepEqual(heldUntil(leases, now), new Date(now.getTime() + 299_999));
  });
});
