// The bench's phases: each measures one target of the delivery ledger and prints its figures.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { Agent, request } from 'undici';
import { S3_SOCKETS } from '../../src/infrastructure/s3/s3.module.js';
import { BenchService, count, cpuOf, OPERATOR, percentile, PRODUCER, waitFor } from './harness.js';
import { s3RawLimit } from './s3-raw-limit.js';

export interface Bench {
  service: BenchService;
  receiverUrl: string;
  db: pg.Client;
  /** POST/s straight to the receiver, measured in this run. */
  raw: number;
  /** A target met or missed, printed beside its figure. */
  target(what: string, met: boolean): void;
}

const DRAIN_MS = 10 * 60_000;

export function documentFor(clientId: string, i: number, data: Record<string, unknown> = {}) {
  return { clientId, environment: 'production', kind: 'summary', type: 'physical_summary', userId: `user-${i % 500}`, data: { steps: 8000 + i, calories: 2100, heart_rate: { avg: 71, max: 154 }, ...data } };
}

/** The raw limit: undici POSTs straight to the receiver, 64 connections, the same body size as a delivery. */
export async function rawLimit(url: string, posts: number): Promise<number> {
  const agent = new Agent({ connections: 64, pipelining: 1 });
  const payload = JSON.stringify({ id: randomUUID(), kind: 'summary', type: 'physical_summary', environment: 'production', user_id: 'user-1', created_at: new Date().toISOString(), data: documentFor('', 1).data });
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next++ < posts) {
        const response = await request(url, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' }, dispatcher: agent });
        await response.body.dump();
      }
    }),
  );
  const rate = (posts * 1000) / (Date.now() - t0);
  await agent.close();
  return rate;
}

async function ingestBatches(service: BenchService, clientId: string, total: number, offset = 0): Promise<void> {
  for (let i = 0; i < total; i += 1000) {
    const documents = Array.from({ length: Math.min(1000, total - i) }, (_, j) => documentFor(clientId, offset + i + j));
    await service.post('/v1/documents/batch', { documents }, PRODUCER);
  }
}

const delivered = (db: pg.Client, clientId: string) => count(db, `SELECT count(*) FROM documents WHERE client_id = $1 AND status = 'Success'`, [clientId]);

/** Batch ingest as fast as the API takes it, until every document is delivered and its attempt recorded. */
export async function pipeline(bench: Bench, documents: number, maxInFlight: number): Promise<void> {
  const { service, db } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/ok/pipeline`);
  const statementsBefore = await service.metric('db_statements_total');
  const cpuBefore = await cpuOf(service, db);
  const t0 = Date.now();
  await ingestBatches(service, clientId, documents);
  const ingested = Date.now() - t0;
  await waitFor('every pipeline document to be delivered', DRAIN_MS, async () => (await delivered(db, clientId)) >= documents);
  const elapsed = Date.now() - t0;
  const statements = (await service.metric('db_statements_total')) - statementsBefore;
  const cpuAfter = await cpuOf(service, db);
  // CPU per document is steadier than wall time on a shared machine: it shows where the work goes.
  console.log(
    `pipeline: CPU per document: service ${((1e6 * (cpuAfter.service - cpuBefore.service)) / documents).toFixed(0)} µs, PostgreSQL backends ${((1e6 * (cpuAfter.postgres - cpuBefore.postgres)) / documents).toFixed(0)} µs`,
  );
  const attempts = await count(db, 'SELECT count(*) FROM delivery_attempts a JOIN documents d ON d.id = a.document_id WHERE d.client_id = $1', [clientId]);
  const rate = (documents * 1000) / elapsed;
  console.log(`pipeline: ${documents} documents (hook maxInFlight ${maxInFlight}, as its client set it) ingested in ${ingested} ms, delivered and recorded in ${elapsed} ms; attempts recorded: ${attempts}`);
  bench.target(`pipeline: ${rate.toFixed(0)} documents/s end to end = ${(rate / bench.raw).toFixed(3)} of the raw limit (targets ≥ 0.25 and ≥ 3,000/s)`, rate / bench.raw >= 0.25 && rate >= 3000);
  bench.target(`pipeline: ${(statements / documents).toFixed(2)} SQL statements per delivered document, transactions included (target ≤ 2)`, statements / documents <= 2);
}

/** Single documents over 32 connections as fast as they are answered, while their delivery runs. */
export async function singleIngest(bench: Bench, seconds: number): Promise<void> {
  const { service, db } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/ok/single`);
  const agent = new Agent({ connections: 32, pipelining: 1 });
  let accepted = 0;
  const errors: string[] = [];
  const until = Date.now() + seconds * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 32 }, async (_, lane) => {
      for (let i = 0; Date.now() < until; i++) {
        try {
          const response = await request(`${service.url}/v1/documents`, { method: 'POST', headers: PRODUCER, body: JSON.stringify(documentFor(clientId, lane * 1_000_000 + i)), dispatcher: agent });
          await response.body.dump();
          if (response.statusCode === 202) accepted++;
          else errors.push(`status ${response.statusCode}`);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  const rate = (accepted * 1000) / (Date.now() - t0);
  await agent.close();
  await waitFor('the single documents to be delivered', DRAIN_MS, async () => (await delivered(db, clientId)) >= accepted);
  const first = errors[0] ? ` (first: ${errors[0]})` : '';
  bench.target(
    `single ingest: ${rate.toFixed(0)} accepted/s over 32 connections = ${(rate / bench.raw).toFixed(3)} of the raw limit, ${errors.length} errors${first} (targets ≥ 1,500/s, ≥ 0.10, no error)`,
    rate >= 1500 && rate / bench.raw >= 0.1 && errors.length === 0,
  );
}

/** One document per request at a steady rate; ingest -> receipt measured by the receiver. */
export async function steadyLatency(bench: Bench, ratePerSecond: number, seconds: number): Promise<void> {
  const { service } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/ok/steady`);
  await fetch(`${bench.receiverUrl}/reset`, { method: 'POST' });
  const agent = new Agent({ connections: 64, pipelining: 1 });
  const total = ratePerSecond * seconds;
  const errors: string[] = [];
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const body = JSON.stringify(documentFor(clientId, i, { sentAt: Date.now() }));
    pending.push(
      request(`${service.url}/v1/documents`, { method: 'POST', headers: PRODUCER, body, dispatcher: agent })
        .then(async (response) => {
          await response.body.dump();
          if (response.statusCode !== 202) errors.push(`status ${response.statusCode}`);
        })
        .catch((error: Error) => void errors.push(error.message)),
    );
  }
  await Promise.all(pending);
  await agent.close();
  const stats = await waitFor('the steady documents to arrive', DRAIN_MS, async () => {
    const s = (await (await fetch(`${bench.receiverUrl}/stats`)).json()) as { received: number; latencies: number[] };
    return s.received >= total - errors.length ? s : undefined;
  });
  const p99 = percentile(stats.latencies, 99);
  bench.target(
    `steady ${ratePerSecond}/s for ${seconds} s: ingest->receipt p50 ${percentile(stats.latencies, 50)} ms, p99 ${p99} ms, max ${Math.max(...stats.latencies)} ms; ${errors.length} errors (targets p99 < 100 ms, no error)`,
    p99 < 100 && errors.length === 0,
  );
}

/** A receiver that fails everything for its whole retry window: every document exhausts and must reach the bucket. */
export async function exhaustToStore(bench: Bench, documents: number, attemptsEach: number, s3Endpoint: string): Promise<void> {
  const { service, db } = bench;
  const s3Raw = await s3RawLimit(s3Endpoint, documents, S3_SOCKETS);
  const failed = (clientId: string) => count(db, `SELECT count(*) FROM documents WHERE client_id = $1 AND status = 'Failed'`, [clientId]);

  // The store step alone: a receiver that answered 410 suspended its hook, so every later document is exhausted at
  // once and goes straight to the bucket, as when a whole retry window ends together.
  const gone = await service.createClient(`${bench.receiverUrl}/gone/exhaust`);
  await ingestBatches(service, gone.clientId, 1);
  await waitFor('the hook to be suspended by its 410', DRAIN_MS, async () => (await failed(gone.clientId)) >= 1);
  const t0 = Date.now();
  await ingestBatches(service, gone.clientId, documents, 1);
  await waitFor('every exhausted document to be stored', DRAIN_MS, async () => (await failed(gone.clientId)) >= documents + 1);
  const storeMs = Date.now() - t0;
  const storeRate = (documents * 1000) / storeMs;
  bench.target(
    `exhaust->store: ${documents} documents exhausted at once, ingested and all in the bucket (S3 in its own process) in ${storeMs} ms: ${storeRate.toFixed(0)} documents/s = ${(storeRate / s3Raw).toFixed(2)} of S3's raw limit, ${s3Raw.toFixed(0)} PUT/s ${S3_SOCKETS} at once (target ≥ 1,000 documents/s)`,
    storeRate >= 1000,
  );

  // The whole path with a failing receiver: bounded by the attempts, which cost what deliveries cost (see pipeline).
  const failing = await service.createClient(`${bench.receiverUrl}/fail/exhaust`);
  const t1 = Date.now();
  await ingestBatches(service, failing.clientId, documents);
  await waitFor('every failing document to be stored', DRAIN_MS, async () => (await failed(failing.clientId)) >= documents);
  const pathMs = Date.now() - t1;
  const pathRate = (documents * 1000) / pathMs;
  console.log(
    `exhaust->store, whole path: ${documents} documents, ${attemptsEach} failed attempts each, then the bucket, in ${pathMs} ms: ${pathRate.toFixed(0)} documents/s, ${(pathRate * attemptsEach).toFixed(0)} attempts/s = ${((pathRate * attemptsEach) / bench.raw).toFixed(3)} of the raw limit`,
  );
}

/** A hook that hangs until DELIVERY_TIMEOUT must not slow the others: 20 fast hooks with and without it. */
export async function fairness(bench: Bench, perHook: number): Promise<void> {
  const { service, db } = bench;
  const run = async (withHanging: boolean): Promise<number> => {
    const fast = await Promise.all(Array.from({ length: 20 }, (_, i) => service.createClient(`${bench.receiverUrl}/ok/fair-${withHanging}-${i}`)));
    if (withHanging) {
      const hanging = await service.createClient(`${bench.receiverUrl}/hang/fair`);
      await ingestBatches(service, hanging.clientId, perHook);
    }
    const t0 = Date.now();
    await Promise.all(fast.map(({ clientId }, i) => ingestBatches(service, clientId, perHook, i * perHook)));
    const ids = fast.map(({ clientId }) => clientId);
    await waitFor('the fast hooks to be delivered', DRAIN_MS, async () => (await count(db, `SELECT count(*) FROM documents WHERE client_id = ANY($1) AND status = 'Success'`, [ids])) >= 20 * perHook);
    return (20 * perHook * 1000) / (Date.now() - t0);
  };
  const alone = await run(false);
  const beside = await run(true);
  bench.target(
    `fairness: 20 fast hooks deliver ${alone.toFixed(0)} documents/s alone, ${beside.toFixed(0)} documents/s beside a hook that hangs until DELIVERY_TIMEOUT: ${(beside / alone).toFixed(2)} (target ≥ 0.80)`,
    beside / alone >= 0.8,
  );
}

/** Documents waiting for a retry cost no memory: they are rows, not jobs. */
export async function waitingForRetry(bench: Bench, documents: number): Promise<void> {
  const { service, db } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/fail/waiting`);
  await ingestBatches(service, clientId, documents);
  await waitFor('every document to wait for its retry', DRAIN_MS, async () =>
    (await count(db, `SELECT count(*) FROM documents WHERE client_id = $1 AND attempts = 1 AND lease_until IS NULL AND status = 'Pending'`, [clientId])) >= documents,
  );
  const rss = service.peakRssMiB();
  bench.target(`memory: ${documents} documents waiting for a retry, service peak RSS ${rss.toFixed(0)} MiB (target < 300)`, rss < 300);
}

export { OPERATOR };
