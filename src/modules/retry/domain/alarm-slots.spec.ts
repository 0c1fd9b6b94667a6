import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALARM_SLOT_MS, alarmSlots } from './alarm-slots.js';

describe('alarm slots', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 3) + ms);

  it('rounds each time up to its slot, never earlier than asked', () => {
    assert.deepEqual(alarmSlots([at(1)]), [at(ALARM_SLOT_MS)]);
    assert.deepEqual(alarmSlots([at(ALARM_SLOT_MS)]), [at(ALARM_SLOT_MS)]);
  });

  it('rings once for times within one slot, once per slot otherwise', () => {
    assert.deepEqual(alarmSlots([at(10), at(90), at(ALARM_SLOT_MS + 1), at(50)]), [at(ALARM_SLOT_MS), at(2 * ALARM_SLOT_MS)]);
    assert.deepEqual(alarmSlots([]), []);
  });
});
