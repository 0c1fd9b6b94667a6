import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPreferences, preferencesWith } from './preference-set.js';

describe('notification preferences', () => {
  it('turns every category on by default', () => {
    assert.deepEqual(defaultPreferences(), { user_management: true, extraction_failures: true, rejected_information: true });
  });

  it('overlays only the categories that were set', () => {
    assert.deepEqual(preferencesWith({ rejected_information: false }), {
      user_management: true,
      extraction_failures: true,
      rejected_information: false,
    });
  });
});
