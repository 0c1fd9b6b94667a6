import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogueEventFor } from './producer-event.js';

const ID = '5b0c8a3e-9a57-4c8e-b0f5-8a7c1f0e2d11';
const CLIENT = '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a';

describe('a producer domain event in the catalogue', () => {
  it('keeps the producer id, so a repeat is the same event', () => {
    const event = catalogueEventFor(ID, { clientId: CLIENT, environment: 'sandbox', type: 'user.created', userId: 'u', dataSource: undefined });
    assert.equal(event.id, ID);
    assert.equal(event.type, 'user.created');
    assert.deepEqual(event.payload, { clientId: CLIENT, environment: 'sandbox', userId: 'u' });
  });

  it('carries the data source and reason of an extraction failure', () => {
    const event = catalogueEventFor(ID, { clientId: CLIENT, environment: 'production', type: 'extraction.failed', userId: 'u', dataSource: 'garmin', reason: 'permissions' });
    assert.deepEqual(event.payload, { clientId: CLIENT, environment: 'production', userId: 'u', dataSource: 'garmin', reason: 'permissions' });
  });
});
