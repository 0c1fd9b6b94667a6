import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DELIVERY_STATUSES } from '../../../../domain/document.js';
import { apiStatusOf, ledgerStatusOf } from './ledger-status.js';

describe('ledger status', () => {
  it('is Stored inside for what the API calls Failed', () => {
    assert.equal(ledgerStatusOf('Failed'), 'Stored');
    assert.equal(apiStatusOf('Stored'), 'Failed');
  });

  it('translates every API status there and back unchanged', () => {
    for (const status of DELIVERY_STATUSES) assert.equal(apiStatusOf(ledgerStatusOf(status)), status);
  });
});
