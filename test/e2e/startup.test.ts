import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const MAIN = new URL('../../src/main.js', import.meta.url).pathname;

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('start-up with a bad configuration', () => {
  it('exits 1 with one line naming the variable', () => {
    const run = start({ RETRY_SCHEDULE: '2h,tomorrow' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^Invalid configuration: RETRY_SCHEDULE must be a comma-separated list of durations/m);
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('refuses production without an operator token', () => {
    const run = start({ NODE_ENV: 'production' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /ADMIN_TOKEN is required in production/);
  });
});
