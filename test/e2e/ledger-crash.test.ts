import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, eventOf, requestsFor } from './rejected-support.js';
import { serviceArgs } from '../support/service-command.js';

const RECONCILE = { RECONCILE_INTERVAL: '200ms', RECONCILE_GRACE: '500ms' };

describe('the ledger when a worker dies or PostgreSQL goes away: nothing answered 202 is lost', () => {
  const environment = new TestEnvironment();
  const services: TestService[] = [];
  let receiver: Receiver;
  let worker: ChildProcess | undefined;

  before(async () => {
    receiver = await Receiver.start();
  });

  after(async () => {
    worker?.kill('SIGKILL');
    for (const service of services) await service.stop();
    await receiver.close();
    await environment.destroy();
  });

  async function start(overrides: Record<string, string>): Promise<TestService> {
    const service = await TestService.start(environment, { ...RECONCILE, ...overrides });
    services.push(service);
    return service;
  }

  function submit(service: TestService, clientId: string, userId: string) {
    return service.request('POST', '/v1/documents', {
      body: { clientId, environment: 'production', kind: 'event', type: 'sleep', userId, data: { minutes: 400 } },
      headers: OPERATOR,
    });
  }

  it('resumes the documents a worker killed with SIGKILL held, once their lease runs out', async () => {
    receiver.answer('hang');
    const api = await start({ ROLE: 'api' });
    const client = await createClient(api, { production: `${receiver.url}/data` });
    const port = await freePort();
    worker = spawn(process.execPath, serviceArgs(), {
      env: { ...process.env, ...environment.env({ ...RECONCILE, ROLE: 'worker', PORT: String(port), DELIVERY_TIMEOUT: '2s' }) },
      stdio: 'ignore',
    });
    await eventually(async () => assert.equal((await fetch(`http://127.0.0.1:${port}/health/ready`)).status, 200), { timeoutMs: 30_000 });

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await submit(api, client.id, `held-${i}`)).body.id);
    await receiver.waitForRequests(20);
    const [{ leasedUntil }] = await api.app.get(DataSource).query(`SELECT min(lease_until) AS "leasedUntil" FROM delivery_queue WHERE document_id = ANY($1)`, [ids]);
    assert.ok(leasedUntil, 'the worker holds them');
    worker.kill('SIGKILL');

    receiver.answer({ status: 200 });
    await start({ ROLE: 'worker' });
    await eventually(
      async () => {
        for (const id of ids) assert.equal((await eventOf(api, id)).status, 'Success', id);
      },
      { timeoutMs: 30_000 },
    );
    for (const id of ids) {
      const [held, resumed] = requestsFor(receiver.requests, id);
      assert.deepEqual([held.headers['x-delivery-attempt'], resumed.headers['x-delivery-attempt']], ['1', '2']);
      assert.equal(resumed.headers['webhook-id'], id);
      assert.ok(resumed.receivedAt >= new Date(leasedUntil).getTime(), 'not taken over before the lease ran out');
    }
  });

  it('answers 503 while PostgreSQL is away and 202 again once it is back, losing nothing it answered 202', async () => {
    receiver.answer({ status: 200 });
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5432 });
    try {
      const service = await start({ DATABASE_URL: proxy.url(environment.databaseUrl) });
      const client = await createClient(service, { production: `${receiver.url}/data` });
      const accepted: string[] = [];
      const refused: number[] = [];
      let stop = false;
      let sent = 0;
      const producer = async () => {
        while (!stop) {
          const response = await submit(service, client.id, `user-${sent++ % 7}`);
          if (response.status === 202) accepted.push(response.body.id);
          else if (response.status === 503) refused.push(Date.now());
          else assert.fail(`unexpected ${response.status}: ${JSON.stringify(response.body)}`);
        }
      };
      const producers = Array.from({ length: 8 }, producer);
      await eventually(() => assert.ok(accepted.length >= 50));
      proxy.down();
      await eventually(() => assert.ok(refused.length >= 20, 'refused while PostgreSQL is away'));
      const acceptedBefore = accepted.length;
      proxy.up();
      await eventually(() => assert.ok(accepted.length >= acceptedBefore + 50, 'accepted again once it is back'), { timeoutMs: 10_000 });
      stop = true;
      await Promise.all(producers);

      await eventually(
        async () => {
          const [{ pending }] = await service.app.get(DataSource).query(`SELECT count(*)::int AS pending FROM documents WHERE id = ANY($1) AND status <> 'Success'`, [accepted]);
          assert.equal(pending, 0);
        },
        { timeoutMs: 30_000 },
      );
      const [{ stored }] = await service.app.get(DataSource).query('SELECT count(*)::int AS stored FROM documents WHERE id = ANY($1)', [accepted]);
      assert.equal(stored, new Set(accepted).size, 'every document answered 202 is in the ledger');
      for (const id of accepted.slice(-20)) assert.equal(requestsFor(receiver.requests, id).length, 1);
    } finally {
      await proxy.close();
    }
  });
});
