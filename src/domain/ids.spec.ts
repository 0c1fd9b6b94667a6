import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate, version } from 'uuid';
import { derivedId, newId } from './ids.js';

describe('newId', () => {
  it('makes distinct UUIDv7s that sort in the order they were made, many within one millisecond', () => {
    const ids = Array.from({ length: 100_000 }, () => newId());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids.slice(0, 1_000)) assert.ok(validate(id) && version(id) === 7, id);
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} then ${ids[i]}`);
  });

  it('starts with the time it was made', () => {
    const before = Date.now();
    const id = newId();
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    assert.ok(msecs >= before && msecs <= Date.now() + 1, `${msecs} outside ${before}..now`);
  });
});

describe('derivedId', () => {
  it('gives the same id for the same name and instant, another for another name', () => {
    const at = new Date('2026-12-03T08:00:00Z');
    assert.equal(derivedId('a', at), derivedId('a', at));
    assert.notEqual(derivedId('a', at), derivedId('b', at));
    assert.equal(version(derivedId('a', at)), 7);
  });
});
