import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gridFloor, isExpired, partitionName, rangesCovering } from './partition-range.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

describe('partition ranges', () => {
  it('start on whole multiples of the interval since the epoch', () => {
    assert.deepEqual(gridFloor(at('2026-12-02T17:30:00Z'), DAY), at('2026-12-02T00:00:00Z'));
    assert.deepEqual(gridFloor(at('2026-12-02T17:30:00Z'), 7 * DAY), at('2026-11-26T00:00:00Z'), 'weeks since 1970-01-01, a Thursday');
  });

  it('cover a span one after another, the first cut short when it starts off the grid', () => {
    assert.deepEqual(rangesCovering(at('2026-12-02T00:00:00Z'), at('2026-12-02T02:30:00Z'), HOUR), [
      { from: at('2026-12-02T00:00:00Z'), to: at('2026-12-02T01:00:00Z') },
      { from: at('2026-12-02T01:00:00Z'), to: at('2026-12-02T02:00:00Z') },
      { from: at('2026-12-02T02:00:00Z'), to: at('2026-12-02T03:00:00Z') },
    ]);
    // After a partition made with a longer interval ends mid-hour, the next one closes the gap to the grid.
    assert.deepEqual(rangesCovering(at('2026-12-02T00:30:00Z'), at('2026-12-02T01:10:00Z'), HOUR), [
      { from: at('2026-12-02T00:30:00Z'), to: at('2026-12-02T01:00:00Z') },
      { from: at('2026-12-02T01:00:00Z'), to: at('2026-12-02T02:00:00Z') },
    ]);
    assert.deepEqual(rangesCovering(at('2026-12-02T01:00:00Z'), at('2026-12-02T01:00:00Z'), HOUR), [], 'nothing to cover');
  });

  it('are named after their table and start, to the second', () => {
    assert.equal(partitionName('documents', at('2026-11-26T00:00:00.000Z')), 'documents_p20261126t000000');
    assert.equal(partitionName('delivery_attempts', at('2026-11-26T13:04:05.678Z')), 'delivery_attempts_p20261126t130405');
  });

  it('expire when every row in them is older than the retention', () => {
    const range = { from: at('2026-11-01T00:00:00Z'), to: at('2026-11-08T00:00:00Z') };
    assert.equal(isExpired(range, at('2026-12-08T00:00:00Z'), 30 * DAY), true);
    assert.equal(isExpired(range, at('2026-12-07T23:59:59Z'), 30 * DAY), false, 'its last instant is not old enough yet');
  });
});
