import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attemptError } from './attempt-outcome.js';

describe('attemptError', () => {
  it('is null for an accepted attempt', () => assert.equal(attemptError({ status: 200, error: null, errorMessage: null }, true), null));

  it('names the unaccepted status', () => {
    assert.match(attemptError({ status: 500, error: null, errorMessage: null }, false)!, /^unaccepted_status: .*500/);
  });

  it('carries the sender code and message when no response came', () => {
    assert.equal(
      attemptError({ status: null, error: 'connection_refused', errorMessage: 'connection refused by 127.0.0.1:9' }, false),
      'connection_refused: connection refused by 127.0.0.1:9',
    );
  });
});
