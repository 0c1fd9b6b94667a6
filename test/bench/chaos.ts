// npm run chaos: the ledger under load while things fail, as issue reports describe it: an API and two worker
// processes, documents posted without pause, a worker killed with SIGKILL, Redis wiped, Redis stopped, PostgreSQL
// stopped. Every document answered 202 must end delivered; the run says how many did, and exits 1 if one is missing.
// It STOPS AND RESTARTS THE LOCAL PostgreSQL AND REDIS (the commands of this machine's setup): run it alone.
import 'reflect-metadata';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Agent, request } from 'undici';
import { freePort } from '../support/free-port.js';
import { TestEnvironment } from '../support/test-environment.js';
import { count, forkWithPort, OPERATOR, PRODUCER, stopChild, waitFor } from './harness.js';
import { documentFor } from './phases.js';
import { serviceArgs } from '../support/service-command.js';

const LOAD_SECONDS = Number(process.env.CHAOS_SECONDS ?? 40);
const RATE = Number(process.env.CHAOS_RATE ?? 200);
const START_POSTGRES = `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`;
const STOP_POSTGRES = `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main stop -m fast`;
const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';
const settings = { LOG_LEVEL: 'error', RECONCILE_INTERVAL: '1s', RECONCILE_GRACE: '3s', DELIVERY_TIMEOUT: '2s' };

async function startProcess(environment: TestEnvironment, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, serviceArgs(), { env: { ...process.env, ...environment.env({ ...settings, ...env, PORT: String(port) }) }, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${env.ROLE} to be ready`, 60_000, async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true);
  return { child, url };
}

async function main(): Promise<number> {
  const environment = new TestEnvironment();
  const receiver = await forkWithPort('./receiver-process.js');
  const s3 = await forkWithPort('./s3-process.js', [join(tmpdir(), `chaos-s3-${process.pid}`)]);
  const s3Env = { S3_ENDPOINT: `http://127.0.0.1:${s3.port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
  const api = await startProcess(environment, { ...s3Env, ROLE: 'api' });
  const workers = [await startProcess(environment, { ...s3Env, ROLE: 'worker' }), await startProcess(environment, { ...s3Env, ROLE: 'worker' })];
  const created = await (await fetch(`${api.url}/v1/clients`, {
    method: 'POST',
    headers: OPERATOR,
    body: JSON.stringify({ name: 'Chaos', environments: { production: { dataWebhookUrl: `http://127.0.0.1:${receiver.port}/ok/chaos` } } }),
  })).json() as { id: string };

  const accepted = new Set<string>();
  const refused = new Map<string, number>();
  let stop = false;
  const agent = new Agent({ connections: 16 });
  const load = (async () => {
    for (let i = 0; !stop; i++) {
      const due = Date.now() + 1000 / RATE;
      void request(`${api.url}/v1/documents`, { method: 'POST', headers: PRODUCER, body: JSON.stringify(documentFor(created.id, i)), dispatcher: agent })
        .then(async (response) => {
          const body = (await response.body.json()) as { id?: string };
          if (response.statusCode === 202 && body.id) accepted.add(body.id);
          else refused.set(String(response.statusCode), (refused.get(String(response.statusCode)) ?? 0) + 1);
        })
        .catch((error: Error) => refused.set(error.message, (refused.get(error.message) ?? 0) + 1));
      await sleep(Math.max(0, due - Date.now()));
    }
  })();

  const step = async (at: number, what: string, work: () => unknown) => {
    await sleep(Math.max(0, started + at * 1000 - Date.now()));
    console.log(`t=${at}s ${what}`);
    await work();
  };
  const started = Date.now();
  await step(5, 'SIGKILL a worker', () => workers[0].child.kill('SIGKILL'));
  await step(8, 'start a new worker', async () => (workers[0] = await startProcess(environment, { ...s3Env, ROLE: 'worker' })));
  await step(12, "wipe this deployment's keys in Redis", () => environment.wipeRedis());
  await step(16, 'stop Redis for 3 s', () => execSync('redis-cli -h 127.0.0.1 shutdown nosave || true'));
  await step(19, 'start Redis', () => execSync(START_REDIS));
  await step(24, 'stop PostgreSQL for 4 s', () => execSync(STOP_POSTGRES));
  await step(28, 'start PostgreSQL', () => execSync(START_POSTGRES));
  await step(LOAD_SECONDS, 'stop the load', () => (stop = true));
  await load;
  await sleep(2000);

  const db = new pg.Client({ connectionString: environment.databaseUrl });
  await db.connect();
  let missing = 0;
  try {
    await waitFor('every accepted document to be delivered', 120_000, async () => {
      missing = accepted.size - (await count(db, `SELECT count(*) FROM documents WHERE id = ANY($1) AND status = 'Success'`, [[...accepted]]));
      return missing === 0;
    });
  } catch (error) {
    console.error((error as Error).message);
  }
  const stored = await count(db, 'SELECT count(*) FROM documents WHERE id = ANY($1)', [[...accepted]]);
  console.log(`accepted (202): ${accepted.size}; in the ledger: ${stored}; delivered: ${accepted.size - missing}; missing: ${missing}`);
  console.log(`refused: ${JSON.stringify(Object.fromEntries(refused))}`);
  await db.end();
  for (const child of [api.child, ...workers.map((worker) => worker.child), receiver.child, s3.child]) await stopChild(child);
  await agent.close();
  await environment.destroy();
  return missing === 0 && stored === accepted.size ? 0 : 1;
}

process.exitCode = await main();
