// npm run bench: the raw limit of this machine (undici straight to a receiver) beside the whole pipeline
import 'reflect-metadata';
// (batch ingest -> delivered and every attempt recorded), latency at a steady 500/s, the exhaust->store path,
// and the service's peak RSS. Everything runs on loopback; every loop is bounded.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Agent, request } from 'undici';
import { TestEnvironment } from '../support/test-environment.js';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 20_000);
const EXHAUST_DOCUMENTS = Number(process.env.BENCH_EXHAUST_DOCUMENTS ?? 5_000);
const STEADY_RATE = 500;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const ADMIN = { authorization: 'Bearer dev-admin-token-change-me', 'content-type': 'application/json' };
const DEADLINE_MS = 10 * 60_000;

const body = (i: number) => ({ clientId: '', environment: 'production', kind: 'summary', type: 'physical_summary', userId: `user-${i % 500}`, data: { steps: 8000 + i, calories: 2100, heart_rate: { avg: 71, max: 154 } } });

async function main(): Promise<void> {
  const environment = new TestEnvironment();
  const receiver = fork(new URL('./receiver-process.js', import.meta.url).pathname, { stdio: 'inherit' });
  const receiverPort = await new Promise<number>((resolve) => receiver.once('message', (m: { port: number }) => resolve(m.port)));
  const receiverUrl = `http://127.0.0.1:${receiverPort}`;
  let service: ChildProcess | undefined;
  try {
    console.log(`machine: ${cpus().length} cores, node ${process.version}; ${DOCUMENTS} documents`);
    const raw = await rawLimit(`${receiverUrl}/ok`);
    console.log(`raw limit: ${raw.toFixed(0)} POST/s (undici, 64 connections, straight to the receiver)`);

    const port = 3900 + Math.floor(Math.random() * 90);
    // BENCH_NODE_ARGS=--cpu-prof profiles the service (the .cpuprofile lands in the working directory).
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    service = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
      env: { ...process.env, ...environment.env({ PORT: String(port), LOG_LEVEL: 'warn', RETRY_SCHEDULE: '100ms,200ms,300ms', SUSPEND_AFTER: '0', MAILBOX_CONCURRENCY: process.env.MAILBOX_CONCURRENCY ?? '64' }) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const api = `http://127.0.0.1:${port}`;
    const started = Date.now();
    await waitFor(async () => (await fetch(`${api}/health/ready`).catch(() => undefined))?.ok === true, 60_000);
    console.log(`service ready in ${Date.now() - started} ms (npm start minus the build)`);

    const okClient = await createClient(api, `${receiverUrl}/ok`);
    const db = new pg.Client({ connectionString: environment.databaseUrl });
    await db.connect();

    // Whole pipeline: batch ingest as fast as the API takes it, until every document is delivered and recorded.
    await post(`${receiverUrl}/reset`);
    const t0 = Date.now();
    for (let offset = 0; offset < DOCUMENTS; offset += 1000) {
      const documents = Array.from({ length: Math.min(1000, DOCUMENTS - offset) }, (_, i) => ({ ...body(offset + i), clientId: okClient }));
      await ingest(api, '/v1/documents/batch', { documents });
    }
    const ingested = Date.now() - t0;
    await waitFor(async () => (await count(db, "SELECT count(*) FROM documents WHERE status = 'Success'")) >= DOCUMENTS, DEADLINE_MS);
    const elapsed = Date.now() - t0;
    const attempts = await count(db, 'SELECT count(*) FROM delivery_attempts');
    const rate = (DOCUMENTS * 1000) / elapsed;
    console.log(`pipeline: ${DOCUMENTS} documents ingested in ${ingested} ms, delivered and recorded in ${elapsed} ms`);
    console.log(`pipeline: ${rate.toFixed(0)} documents/s delivered end to end (${((rate / raw) * 100).toFixed(1)}% of the raw limit); attempts recorded: ${attempts}`);

    // Latency is measured on an idle service, not behind the tail of the pipeline's follow-up messages.
    const idleAfter = await waitForIdle(api);
    console.log(`pipeline: follow-up messages (hook health, ...) drained ${idleAfter} ms after the last delivery`);
    if (STEADY_SECONDS > 0) await steadyLatency(api, receiverUrl, okClient);

    // Exhaust -> store: a receiver that always fails, a 100/200/300 ms schedule, until every document is in the bucket.
    const failClient = await createClient(api, `${receiverUrl}/fail`);
    const t1 = Date.now();
    for (let offset = 0; offset < EXHAUST_DOCUMENTS; offset += 1000) {
      const documents = Array.from({ length: Math.min(1000, EXHAUST_DOCUMENTS - offset) }, (_, i) => ({ ...body(offset + i), clientId: failClient }));
      await ingest(api, '/v1/documents/batch', { documents });
    }
    await waitFor(async () => (await count(db, `SELECT count(*) FROM documents WHERE client_id = '${failClient}' AND stored_at IS NOT NULL`)) >= EXHAUST_DOCUMENTS, DEADLINE_MS);
    const exhaustElapsed = Date.now() - t1;
    console.log(
      `exhaust->store: ${EXHAUST_DOCUMENTS} documents, 4 failed attempts each over a 300 ms schedule, all stored in S3 in ${exhaustElapsed} ms: ` +
        `${((EXHAUST_DOCUMENTS * 1000) / exhaustElapsed).toFixed(0)} documents/s (${((EXHAUST_DOCUMENTS * 4 * 1000) / exhaustElapsed).toFixed(0)} attempts/s)`,
    );

    const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1];
    console.log(`service peak RSS: ${(Number(peak) / 1024).toFixed(0)} MiB`);
    await db.end();
  } finally {
    if (service) {
      service.kill('SIGTERM');
      await new Promise((resolve) => service!.once('exit', resolve));
    }
    receiver.kill();
    await environment.destroy();
  }
}

/** Latency at a steady rate: one document per request, ingest -> receipt measured by the receiver. */
async function steadyLatency(api: string, receiverUrl: string, okClient: string): Promise<void> {
  await post(`${receiverUrl}/reset`);
  const total = STEADY_RATE * STEADY_SECONDS;
  const tick = 1000 / STEADY_RATE;
  const steadyStart = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = steadyStart + i * tick;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(ingest(api, '/v1/documents', { ...body(i), clientId: okClient, data: { sentAt: Date.now(), steps: i } }));
  }
  await Promise.all(pending);
  const stats = await waitFor(async () => {
    const s = (await (await fetch(`${receiverUrl}/stats`)).json()) as { received: number; latencies: number[] };
    return s.received >= total ? s : undefined;
  }, DEADLINE_MS);
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  console.log(`steady ${STEADY_RATE}/s for ${STEADY_SECONDS} s: ingest->receipt p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${sorted.at(-1)} ms`);
}

/** Waits until the outbox is empty and no mailbox has a message waiting or in hand; returns how long that took. */
async function waitForIdle(api: string): Promise<number> {
  const t0 = Date.now();
  await waitFor(async () => {
    const metrics = await (await fetch(`${api}/metrics`)).text();
    const busy = metrics
      .split('\n')
      .filter((line) => /^kernel_outbox_backlog |^kernel_mailbox_depth\{[^}]*state="(waiting|active)"/.test(line))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    return busy === 0;
  }, DEADLINE_MS);
  return Date.now() - t0;
}

async function rawLimit(url: string): Promise<number> {
  const agent = new Agent({ connections: 64, pipelining: 1 });
  const payload = JSON.stringify({ id: randomUUID(), kind: 'summary', type: 'physical_summary', environment: 'production', user_id: 'user-1', created_at: new Date().toISOString(), data: body(1).data });
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next++ < DOCUMENTS) {
        const response = await request(url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' }, dispatcher: agent });
        await response.body.dump();
      }
    }),
  );
  const rate = (DOCUMENTS * 1000) / (Date.now() - t0);
  await agent.close();
  return rate;
}

async function createClient(api: string, dataWebhookUrl: string): Promise<string> {
  const response = await fetch(`${api}/v1/clients`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: 'Bench', environments: { production: { dataWebhookUrl } } }) });
  if (response.status !== 201) throw new Error(`client creation answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function ingest(api: string, path: string, payload: unknown): Promise<void> {
  const response = await fetch(`${api}${path}`, { method: 'POST', headers: ADMIN, body: JSON.stringify(payload) });
  if (response.status !== 202) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

async function post(url: string): Promise<void> {
  await (await fetch(url, { method: 'POST' })).arrayBuffer();
}

async function count(db: pg.Client, sql: string): Promise<number> {
  return Number((await db.query<{ count: string }>(sql)).rows[0].count);
}

async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error('benchmark step did not finish in time');
    await sleep(100);
  }
}

main().catch((error: Error) => {
  console.error(`benchmark failed: ${error.message}`);
  process.exit(1);
});
