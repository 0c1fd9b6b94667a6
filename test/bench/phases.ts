// The bench's phases: each measures one target of the delivery ledger and prints its figures.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { Agent, request } from 'undici';
import { S3_SOCKETS } from '../../src/infrastructure/s3/s3.module.js';
import { BenchFailure, BenchService, count, CpuMeter, OPERATOR, percentile, PRODUCER, waitFor } from './harness.js';
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

export const DRAIN_MS = 10 * 60_000;

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

export interface PipelineFigures {
  documents: number;
  /** Documents per second, from the first POST until the last is delivered and recorded. */
  rate: number;
  ingestedMs: number;
  elapsedMs: number;
  /** When the bench saw the last document delivered (it polls every 100 ms). */
  deliveredAt: number;
  attempts: number;
  statementsPerDocument: number;
  /** CPU µs per document. */
  cpu: { service: number; postgres: number };
}

/** Batch ingest as fast as the API takes it, until every document is delivered and its attempt recorded (a new client each time). */
export async function measurePipeline(bench: Bench, documents: number): Promise<PipelineFigures> {
  const { service, db } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/ok/pipeline`);
  const statementsBefore = await service.metric('db_statements_total');
  const meter = await CpuMeter.start(service, db);
  const t0 = Date.now();
  await ingestBatches(service, clientId, documents);
  const ingestedMs = Date.now() - t0;
  await waitFor('every pipeline document to be delivered', DRAIN_MS, async () => (await delivered(db, clientId)) >= documents);
  const deliveredAt = Date.now();
  const elapsedMs = deliveredAt - t0;
  const cpu = meter.stop();
  const statements = (await service.metric('db_statements_total')) - statementsBefore;
  const attempts = await count(db, 'SELECT count(*) FROM delivery_attempts a JOIN documents d ON d.id = a.document_id AND d.created_at = a.document_created_at WHERE d.client_id = $1', [
    clientId,
  ]);
  return {
    documents,
    rate: (documents * 1000) / elapsedMs,
    ingestedMs,
    elapsedMs,
    deliveredAt,
    attempts,
    statementsPerDocument: statements / documents,
    cpu: { service: (1e6 * cpu.service) / documents, postgres: (1e6 * cpu.postgres) / documents },
  };
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

/**
 * Tracing off against on, in the same run, alternating: single documents, each with a producer's traceparent, over 16
 * connections until every one is delivered, and the service's CPU per delivered document. `on` exports every span
 * (sampler always on) over OTLP/HTTP to a sink in its own process; `off` has no endpoint, so no SDK.
 */
export async function tracingCost(off: Bench, on: Bench, sinkUrl: string, documents: number, rounds: number): Promise<void> {
  const perDocument = async (bench: Bench): Promise<number> => {
    const { service, db } = bench;
    const { clientId } = await service.createClient(`${bench.receiverUrl}/ok/tracing`);
    const agent = new Agent({ connections: 16, pipelining: 1 });
    const meter = await CpuMeter.start(service, db);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < documents) {
          const i = next++;
          const traceparent = `00-${randomUUID().replaceAll('-', '')}-${randomUUID().slice(0, 18).replaceAll('-', '')}-01`;
          const response = await request(`${service.url}/v1/documents`, { method: 'POST', headers: { ...PRODUCER, traceparent }, body: JSON.stringify(documentFor(clientId, i)), dispatcher: agent });
          await response.body.dump();
          if (response.statusCode !== 202) throw new BenchFailure(`tracing: ingest answered ${response.statusCode}`);
        }
      }),
    );
    await agent.close();
    await waitFor('the traced documents to be delivered', DRAIN_MS, async () => (await delivered(db, clientId)) >= documents);
    return (1e6 * meter.stop().service) / documents;
  };
  // A first round each way warms the code up (JIT, pools, caches) and is not counted.
  await perDocument(off);
  await perDocument(on);
  const figures = { off: [] as number[], on: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    figures.off.push(await perDocument(off));
    figures.on.push(await perDocument(on));
  }
  const sink = (await (await fetch(`${sinkUrl}/stats`)).json()) as { requests: number; bytes: number };
  const median = (values: number[]) => percentile(values, 50);
  const list = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  console.log(
    `tracing: service CPU per delivered document (single ingest with a producer's traceparent, then its delivery), ${rounds} rounds of ${documents} each way after a warm-up, alternating: ` +
      `off ${list(figures.off)} µs (median ${median(figures.off).toFixed(0)}), on ${list(figures.on)} µs (median ${median(figures.on).toFixed(0)}, ` +
      `${((median(figures.on) / median(figures.off) - 1) * 100).toFixed(0)}% more); the sink took ${sink.requests} OTLP exports, ${(sink.bytes / 1024 / 1024).toFixed(1)} MiB`,
  );
}

/** Documents waiting for a retry cost no memory: they are rows, not jobs. */
export async function waitingForRetry(bench: Bench, documents: number): Promise<void> {
  const { service, db } = bench;
  const { clientId } = await service.createClient(`${bench.receiverUrl}/fail/waiting`);
  await ingestBatches(service, clientId, documents);
  await waitFor('every document to wait for its retry', DRAIN_MS, async () =>
    (await count(db, `SELECT count(*) FROM delivery_queue WHERE client_id = $1 AND attempts = 1 AND lease_until IS NULL`, [clientId])) >= documents,
  );
  const rss = service.peakRssMiB();
  bench.target(`memory: ${documents} documents waiting for a retry, service peak RSS ${rss.toFixed(0)} MiB (target < 300)`, rss < 300);
}

export { OPERATOR };
