import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayRange } from './replay.js';

const NOW = new Date('2026-03-10T12:00:00Z');

describe('replayRange', () => {
  it('reads a date alone as the start of its UTC day, so two dates cover the whole first day', () => {
    assert.deepEqual(replayRange('2026-03-01', '2026-03-02', NOW), { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') });
  });

  it('runs until now when `to` is left out', () => {
    assert.deepEqual(replayRange('2026-03-10T08:00:00+02:00', undefined, NOW), { from: new Date('2026-03-10T06:00:00Z'), to: NOW });
  });

  it('is null when `from` does not come before `to`', () => {
    assert.equal(replayRange('2026-03-02', '2026-03-02', NOW), null);
    assert.equal(replayRange('2026-03-02T00:00:01Z', '2026-03-02', NOW), null);
    assert.equal(replayRange('2026-03-11', undefined, NOW), null, 'a start in the future');
  });
});
