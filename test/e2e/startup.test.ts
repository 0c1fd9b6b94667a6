import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { TestEnvironment } from '../support/test-environment.js';

const MAIN = new URL('../../src/main.js', import.meta.url).pathname;
const TOKENS = { ADMIN_TOKEN: 'production-admin-token-0123', PRODUCER_TOKEN: 'production-producer-token-0123' };

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('start-up with a bad configuration', () => {
  it('exits 1 with one line naming the variable', () => {
    const run = start({ RETRY_SCHEDULE: '2h,tomorrow', ...TOKENS });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^Invalid configuration: RETRY_SCHEDULE must be a comma-separated list of durations/m);
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('refuses production without an operator or a producer token', () => {
    const withoutAdmin = start({ NODE_ENV: 'production' });
    assert.equal(withoutAdmin.status, 1);
    assert.match(withoutAdmin.stderr, /ADMIN_TOKEN is required in production/);
    const withoutProducer = start({ NODE_ENV: 'production', ADMIN_TOKEN: TOKENS.ADMIN_TOKEN });
    assert.equal(withoutProducer.status, 1);
    assert.match(withoutProducer.stderr, /PRODUCER_TOKEN is required in production/);
  });

  it('refuses ALLOW_PRIVATE_TARGETS=true in production with one clear line', () => {
    const run = start({ NODE_ENV: 'production', ...TOKENS, ALLOW_PRIVATE_TARGETS: 'true' });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'Invalid configuration: ALLOW_PRIVATE_TARGETS=true is refused with NODE_ENV=production (webhook URLs on loopback and private networks are for development and tests)\n');
  });
});

describe('start-up without tokens outside production', () => {
  const environment = new TestEnvironment();
  const workdir = mkdtempSync(join(tmpdir(), 'credentials-start-'));
  const file = join(workdir, 'var', 'credentials.json');
  let service: ChildProcess | undefined;

  after(async () => {
    await stop();
    rmSync(workdir, { recursive: true, force: true });
    await environment.destroy();
  });

  /** `npm start` in a fresh directory: the service with the test's database and no token in its environment. */
  async function startInWorkdir(): Promise<{ url: string; log: () => string }> {
    const port = await freePort();
    const { ADMIN_TOKEN: _a, PRODUCER_TOKEN: _p, ...env } = environment.env({ PORT: String(port), LOG_LEVEL: 'log' });
    let output = '';
    service = spawn(process.execPath, [MAIN], { cwd: workdir, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
    service.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => assert.match(output, /ready on port/), { timeoutMs: 30_000 });
    return { url: `http://127.0.0.1:${port}`, log: () => output };
  }

  async function stop(): Promise<void> {
    if (!service || service.exitCode !== null || service.signalCode !== null) return;
    const exited = new Promise((resolve) => service!.once('exit', resolve));
    service.kill('SIGTERM');
    await exited;
  }

  const post = (url: string, path: string, token: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('generates ./var/credentials.json once (mode 0600), logs its path but no token, and reuses it', async () => {
    const first = await startInWorkdir();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const tokens = JSON.parse(readFileSync(file, 'utf8'));
    assert.match(first.log(), new RegExp(`tokens are generated into ${file}`));

    const client = await post(first.url, '/v1/clients', tokens.ADMIN_TOKEN, { name: 'Acme', environments: { sandbox: { dataWebhookUrl: 'https://acme.example/data' } } });
    assert.equal(client.status, 201);
    const { id: clientId } = (await client.json()) as { id: string };
    const document = { clientId, environment: 'sandbox', kind: 'summary', type: 'physical_summary', userId: 'u-1', data: {} };
    assert.equal((await post(first.url, '/v1/documents', tokens.PRODUCER_TOKEN, document)).status, 202);
    assert.equal((await post(first.url, '/v1/clients', tokens.PRODUCER_TOKEN, {})).status, 403);
    await stop();

    const written = statSync(file).mtimeMs;
    const second = await startInWorkdir();
    assert.match(second.log(), new RegExp(`tokens are read from ${file}`));
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), tokens, 'the same tokens');
    assert.equal(statSync(file).mtimeMs, written, 'not written again');
    assert.equal((await post(second.url, '/v1/documents', tokens.PRODUCER_TOKEN, document)).status, 202);
    await stop();

    for (const log of [first.log(), second.log()]) {
      for (const token of Object.values(tokens) as string[]) assert.ok(!log.includes(token), 'no token in the log');
    }
  });
});
