import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { Receiver } from '../support/receiver.js';
import { TestEnvironment } from '../support/test-environment.js';

const MAIN = new URL('../../src/main.js', import.meta.url).pathname;

/**
 * A whole run of the service, as an operator would collect its output: a child process at
 * LOG_LEVEL=verbose taking clients, documents, deliveries, failures, rejected storage, resends,
 * notifications and bad requests. Its logs are JSON lines and never hold a secret, a key, a token
 * or anything of a document's body.
 */
describe('logs of a whole run', () => {
  const environment = new TestEnvironment();
  const adminToken = `operator-${randomBytes(16).toString('hex')}`;
  const bodyMarker = `BODY-MARKER-${randomUUID()}`;
  const userMarker = `USER-MARKER-${randomUUID()}`;
  const secrets: string[] = [adminToken];
  let receiver: Receiver;
  let child: ChildProcess;
  let api: string;
  const output = { stdout: '', stderr: '' };

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => ({ status: request.path.startsWith('/refuse') ? 500 : 200 }));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import=reflect-metadata', MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        ...environment.env({
          PORT: String(port),
          LOG_LEVEL: 'verbose',
          ADMIN_TOKEN: adminToken,
          RETRY_SCHEDULE: '100ms,200ms',
          NOTIFICATION_RETRY_SCHEDULE: '100ms',
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    await eventually(async () => assert.equal((await fetch(`${api}/health/ready`)).status, 200), { timeoutMs: 30_000, intervalMs: 200 });
  });

  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await receiver.close();
    await environment.destroy();
  });

  async function call(method: string, path: string, body?: unknown, token = adminToken) {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function tour(): Promise<void> {
    const created = await call('POST', '/v1/clients', {
      name: 'Log tour',
      environments: {
        sandbox: { dataWebhookUrl: `${receiver.url}/data`, notificationWebhookUrl: `${receiver.url}/notify` },
        production: { dataWebhookUrl: `${receiver.url}/refuse`, notificationWebhookUrl: `${receiver.url}/notify` },
      },
    });
    assert.equal(created.status, 201);
    const client = created.body as { id: string; apiKey: string; hooks: { id: string; signingSecret: string; environment: string; kind: string }[] };
    secrets.push(client.apiKey, ...client.hooks.map((hook) => hook.signingSecret));

    const document = (environment: string) => ({
      id: randomUUID(),
      clientId: client.id,
      environment,
      kind: 'summary',
      type: 'sleep_summary',
      userId: userMarker,
      data: { note: bodyMarker, heartRate: [61, 58, 64] },
    });
    const delivered = document('sandbox');
    const refused = document('production');
    assert.equal((await call('POST', '/v1/documents', delivered)).status, 202);
    assert.equal((await call('POST', '/v1/documents/batch', { documents: [refused, document('sandbox')] })).status, 202);
    assert.equal((await call('POST', '/v1/domain-events', { clientId: client.id, environment: 'sandbox', type: 'user.created', userId: userMarker })).status, 202);

    await eventually(async () => assert.equal((await call('GET', `/webhooks/v1/events/${refused.id}`, undefined, client.apiKey)).body.status, 'Failed'));
    const download = await call('GET', `/v1/rejected/${refused.id}`, undefined, client.apiKey);
    assert.equal(download.body.data.note, bodyMarker);
    assert.equal((await call('POST', `/v1/rejected/${refused.id}/resend`, undefined, client.apiKey)).status, 200);
    const dataHook = client.hooks.find((hook) => hook.environment === 'sandbox' && hook.kind === 'data')!;
    assert.equal((await call('POST', `/hooks/${dataHook.id}/requests/${delivered.id}/redeliver`, undefined, client.apiKey)).status, 200);
    await eventually(() => assert.ok(receiver.requests.some((request) => request.json?.type === 'rejected_information.stored'), 'stored notification'));
    await eventually(() => assert.ok(receiver.requests.some((request) => request.json?.type === 'user.created'), 'user notification'));

    // Refused requests that carry the marker, a key or a secret in their bodies and headers.
    assert.equal((await call('POST', '/v1/documents', `{"data": {"note": "${bodyMarker}"},`)).status, 400);
    assert.equal((await call('POST', '/v1/documents', { ...document('sandbox'), userId: `${userMarker}\u0000` })).status, 400);
    assert.equal((await call('GET', '/webhooks/v1/registrations', undefined, `whk_${bodyMarker}`)).status, 401);
    assert.equal((await call('POST', '/v1/clients', { name: bodyMarker, environments: {}, signingSecret: secrets[2] })).status, 400);
  }

  it('are JSON lines with a request id on what requests wrote, holding no secret, key, token or body', async () => {
    await tour();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;

    const lines = `${output.stdout}${output.stderr}`.split('\n').filter((line) => line.length > 0);
    const entries = lines.map((line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        assert.fail(`not a JSON line: ${line}`);
      }
      assert.match(String(entry.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, line);
      assert.ok(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'].includes(String(entry.level)), line);
      assert.equal(typeof entry.message, 'string', line);
      return entry;
    });
    const requests = entries.filter((entry) => entry.context === 'HTTP');
    assert.ok(requests.length >= 12, 'every request is logged');
    assert.ok(requests.some((entry) => /^POST \/v1\/documents 400 \d+ ms$/.test(String(entry.message))), 'refused requests too');
    for (const entry of requests) assert.match(String(entry.requestId), /^[0-9a-f-]{36}$/, JSON.stringify(entry));

    const everything = lines.join('\n');
    for (const secret of secrets) assert.ok(!everything.includes(secret), `a secret, key or token (${secret.slice(0, 6)}…) is in the logs`);
    assert.ok(!everything.includes(bodyMarker), 'a document body is in the logs');
    assert.ok(!everything.includes(userMarker), "a user's id is in the logs");
    assert.doesNotMatch(everything, /whsec_|whk_/, 'nothing that looks like a secret or a key');
  });
});
