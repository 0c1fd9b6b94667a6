import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

const MAIN = new URL('../../src/main.js', import.meta.url).pathname;


describe('graceful shutdown', () => {
  const environment = new TestEnvironment();
  let receiver: Receiver;
  let inspector: TestService | undefined;

  after(async () => {
    await inspector?.stop();
    await receiver?.close();
    await environment.destroy();
  });

  it('finishes the delivery in flight on SIGTERM, records it, then exits', async () => {
    receiver = await Receiver.start();
    receiver.answer({ status: 200, delayMs: 1500 });
    const port = await freePort();
    const child = spawn(process.execPath, ['--import=reflect-metadata', MAIN], {
      env: { PATH: process.env.PATH ?? '', ...environment.env({ PORT: String(port), RETRY_SCHEDULE: '1h' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const api = `http://127.0.0.1:${port}`;
    await eventually(async () => assert.equal((await fetch(`${api}/health/ready`)).status, 200), { timeoutMs: 30_000, intervalMs: 200 });

    const json = { ...OPERATOR, 'content-type': 'application/json' };
    const created = await fetch(`${api}/v1/clients`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Slow receiver', environments: { sandbox: { dataWebhookUrl: `${receiver.url}/data` } } }),
    });
    assert.equal(created.status, 201);
    const client = (await created.json()) as { id: string };
    const ingested = await fetch(`${api}/v1/documents`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ clientId: client.id, environment: 'sandbox', kind: 'event', type: 'sleep_event', userId: 'user-1', data: { minutes: 412 } }),
    });
    assert.equal(ingested.status, 202);
    const { id } = (await ingested.json()) as { id: string };

    await receiver.waitForRequests(1);
    child.kill('SIGTERM');
    const exit = await exited;
    assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `exited with ${JSON.stringify(exit)}: ${output}`);

    inspector = await TestService.start(environment, { RETRY_SCHEDULE: '1h' });
    const event = await inspector.request('GET', `/webhooks/v1/events/${id}`, { headers: OPERATOR });
    assert.equal(event.status, 200);
    assert.equal(event.body.status, 'Success', 'the attempt in flight was finished and recorded before the exit');
    assert.equal(event.body.attempts.length, 1);
    assert.equal(event.body.attempts[0].responseStatus, 200);
    assert.equal(receiver.requests.length, 1, 'not delivered a second time after the restart');
  });
});
