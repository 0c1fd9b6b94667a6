import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseDurationList } from './duration.js';

describe('durations', () => {
  it('reads ms, s, m, h and d suffixes', () => {
    assert.equal(parseDuration('200ms'), 200);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('15m'), 900_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('3d'), 259_200_000);
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of ['', 'abc', '-5s', '0s', 'h2']) assert.equal(parseDuration(bad), undefined, bad);
  });

  it('reads zero only where it is allowed', () => {
    assert.equal(parseDuration('0'), undefined);
    assert.equal(parseDuration('0', { allowZero: true }), 0);
    assert.equal(parseDuration('0s', { allowZero: true }), 0);
    assert.equal(parseDuration('-1s', { allowZero: true }), undefined);
  });

  it('reads a comma-separated schedule, spaces allowed', () => {
    assert.deepEqual(parseDurationList('2h, 24h,48h'), [7_200_000, 86_400_000, 172_800_000]);
    assert.equal(parseDurationList('2h,,x'), undefined);
    assert.equal(parseDurationList(''), undefined);
  });
});
