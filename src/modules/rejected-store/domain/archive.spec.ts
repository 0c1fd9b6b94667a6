import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { archiveKey, firstStoredRange, keysWithin } from './archive.js';

const CLIENT = '0b7f4b7e-86a4-4c52-a6a2-2f8f1f5d0f3a';
const DOCUMENT = '6f1c1f43-2f0e-4d55-9d1f-3c1a3b0c9f10';

describe('archiveKey', () => {
  it('files an archived document under its environment, then its rejected key', () => {
    assert.equal(archiveKey('production', `${CLIENT}/summary/2026/03/01/${DOCUMENT}.json`), `production/${CLIENT}/summary/2026/03/01/${DOCUMENT}.json`);
  });
});

describe('keysWithin', () => {
  const document = { clientId: CLIENT, kind: 'event' as const, documentId: DOCUMENT };

  it('names one key per UTC day of the span, both ends included', () => {
    assert.deepEqual(keysWithin(document, new Date('2026-03-01T23:00:00Z'), new Date('2026-03-03T01:00:00Z')), [
      `${CLIENT}/event/2026/03/01/${DOCUMENT}.json`,
      `${CLIENT}/event/2026/03/02/${DOCUMENT}.json`,
      `${CLIENT}/event/2026/03/03/${DOCUMENT}.json`,
    ]);
    assert.deepEqual(keysWithin(document, new Date('2026-03-01T08:00:00Z'), new Date('2026-03-01T09:00:00Z')), [`${CLIENT}/event/2026/03/01/${DOCUMENT}.json`]);
  });

  it('looks back fourteen days at most', () => {
    const keys = keysWithin(document, new Date('2025-01-01T00:00:00Z'), new Date('2026-03-31T12:00:00Z'));
    assert.equal(keys.length, 14);
    assert.equal(keys[0], `${CLIENT}/event/2026/03/18/${DOCUMENT}.json`);
    assert.equal(keys.at(-1), `${CLIENT}/event/2026/03/31/${DOCUMENT}.json`);
  });
});

describe('firstStoredRange', () => {
  it('reads dates and times, a date alone covering its whole day', () => {
    assert.deepEqual(firstStoredRange('2026-03-01', '2026-03-02'), { from: new Date('2026-03-01T00:00:00.000Z'), to: new Date('2026-03-02T23:59:59.999Z') });
    assert.deepEqual(firstStoredRange('2026-03-01T08:00:00Z', undefined), { from: new Date('2026-03-01T08:00:00.000Z') });
    assert.deepEqual(firstStoredRange(undefined, '2026-03-01T08:00:00.000Z'), { to: new Date('2026-03-01T08:00:00.000Z') });
    assert.deepEqual(firstStoredRange(undefined, undefined), {});
  });

  it('is null when it ends before it starts', () => {
    assert.equal(firstStoredRange('2026-03-02', '2026-03-01'), null);
    assert.deepEqual(firstStoredRange('2026-03-01', '2026-03-01'), { from: new Date('2026-03-01T00:00:00.000Z'), to: new Date('2026-03-01T23:59:59.999Z') });
  });
});
