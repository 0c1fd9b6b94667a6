// The scale phase: the burst, the steady load right after it, single ingest, idle CPU and the lists on an empty ledger, then on a ledger holding
// weeks of traffic, a backlog waiting for a retry and a full rejected bucket, in one service process and database.
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config.js';
import { Partitions } from '../../src/infrastructure/database/partitions.js';
import { LedgerPartitions } from '../../src/modules/delivery/ledger/infrastructure/ledger-partitions.js';
import { BenchFailure, count, CpuMeter, OPERATOR, PRODUCER, waitFor } from './harness.js';
import { burstThenSteady, reportLoad, type LoadFigures, type LoadSettings } from './burst-then-steady.js';
import { documentFor, rawLimit, type Bench } from './phases.js';

export interface ScaleSettings {
  /** Delivered documents preloaded, each with its body (purged once past DELIVERED_RETENTION) and one accepted attempt. */
  rows: number;
  /** Documents waiting for a retry an hour away, on another client's hook. */
  backlog: number;
  /** Documents waiting in the rejected bucket, on a third client's hook. */
  rejected: number;
  /** The burst, the steady load right after it and single ingest, on the empty ledger and again on the loaded one. */
  load: LoadSettings;
  /** Idle CPU is measured over this long: a multiple of METRICS_INTERVAL, so every window holds as many counts of the gauges. */
  idleSeconds: number;
}

const DAY_MS = 86_400_000;
/** The preloaded history spreads over this many days before the preload, so several weekly partitions fill. */
const HISTORY_DAYS = 25;
/** Rows per statement: bounded memory and WAL per statement. */
const CHUNK = 500_000;
/** Each list query is timed this many times; its median is reported. */
const CALLS = 20;
const LATENCY_LIMIT_MS = 50;
const IDLE_DELTA_LIMIT = 0.05;
const RATIO_TARGET = 0.9;

interface Client {
  clientId: string;
  hookId: string;
  headers: Record<string, string>;
}

interface Idle {
  /** Fractions of a core. */
  service: number;
  postgres: number;
}

/** A list query as its caller sends it; `paged` ones are also timed on the page their first page's cursor leads to. */
interface ListQuery {
  name: string;
  path: string;
  headers: Record<string, string>;
  paged: boolean;
}

interface Latency {
  first: number;
  /** Null: the first page had no next one. */
  next: number | null;
}

/** The ids the service makes are UUIDv7 (time first, so inserts go to the right edge of every index on them); PostgreSQL 15 has no function for them. */
const UUID7 = `CREATE FUNCTION pg_temp.uuid7(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_byte(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    6, 112 + floor(random() * 16)::int), 'hex')::uuid
$$`;

/** `n` from $5 to $6, created $4 µs apart after $3, oldest first. */
const SERIES = `SELECT n, $3::timestamptz + n * $4::bigint * interval '1 microsecond' AS at FROM generate_series($5::bigint, $6::bigint) AS n`;
/** $1 and $2 are the client's and its hook's ids. */
const OWNER = `$1::uuid, $2::uuid`;
const BODY = `'{"steps":' || (8000 + extract(second FROM created_at)::int) || ',"calories":2100,"heart_rate":{"avg":71,"max":154}}'`;

/**
 * Delivered documents as weeks of traffic leave them: the record, one accepted attempt, and the body, purged (data
 * NULL, purged_at set) when its delivery is older than DELIVERED_RETENTION ($7 is that cutoff, $8 the retention).
 */
const HISTORY = `WITH made AS (
    INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status, attempts, last_attempted_at)
    SELECT pg_temp.uuid7(at), at, ${OWNER}, 'production', 'summary', 'physical_summary', 'user-' || (n % 10000), md5(n::text), 'Success', 1,
      at + interval '40 milliseconds'
    FROM (${SERIES}) s ORDER BY at
    RETURNING id, created_at, last_attempted_at),
  bodies AS (
    INSERT INTO document_bodies (document_id, created_at, data, purged_at)
    SELECT id, created_at, CASE WHEN last_attempted_at > $7::timestamptz THEN ${BODY} END,
      CASE WHEN last_attempted_at <= $7::timestamptz THEN LEAST(last_attempted_at + $8::float8 * interval '1 millisecond' + interval '10 minutes', now()) END
    FROM made)
  INSERT INTO delivery_attempts (document_id, document_created_at, attempt, delivery_id, scheduled_attempt, trigger, hook_id, attempted_at, response_status,
    response_duration_ms, accepted)
  SELECT id, created_at, 1, pg_temp.uuid7(last_attempted_at), 1, 'initial', $2::uuid, last_attempted_at, 200, 35, true FROM made`;

/** Pending documents whose first attempt failed, waiting for a retry an hour away: record, body, attempt and queue row. */
const BACKLOG = `WITH made AS (
    INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status)
    SELECT pg_temp.uuid7(at), at, ${OWNER}, 'production', 'summary', 'physical_summary', 'user-' || (n % 10000), md5(n::text), 'Pending'
    FROM (${SERIES}) s ORDER BY at
    RETURNING id, created_at, user_id),
  bodies AS (INSERT INTO document_bodies (document_id, created_at, data) SELECT id, created_at, ${BODY} FROM made),
  tried AS (
    INSERT INTO delivery_attempts (document_id, document_created_at, attempt, delivery_id, scheduled_attempt, trigger, hook_id, attempted_at, response_status,
      response_duration_ms, accepted)
    SELECT id, created_at, 1, pg_temp.uuid7(created_at + interval '40 milliseconds'), 1, 'initial', $2::uuid, created_at + interval '40 milliseconds', 500, 35, false
    FROM made)
  INSERT INTO delivery_queue (document_id, created_at, client_id, hook_id, environment, kind, type, user_id, attempts, scheduled_attempts, first_attempted_at,
    last_attempted_at, due_at)
  SELECT id, created_at, ${OWNER}, 'production', 'summary', 'physical_summary', user_id, 1, 1, created_at + interval '40 milliseconds',
    created_at + interval '40 milliseconds', now() + interval '1 hour'
  FROM made`;

/**
 * Documents whose four attempts failed, kept in the rejected bucket: the record (Failed, stored, no body: storing it
 * deletes the body), the attempts, and RejectedStore's row, waiting until RETENTION_PRODUCTION ($8) after it was stored. $7 is the bucket.
 */
const REJECTED = `WITH made AS (
    INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status, attempts, last_attempted_at, stored)
    SELECT pg_temp.uuid7(at), at, ${OWNER}, 'production', 'summary', 'physical_summary', 'user-' || (n % 10000), md5(n::text), 'Failed', 4, at + interval '1 hour', true
    FROM (${SERIES}) s ORDER BY at
    RETURNING id, created_at, user_id),
  tried AS (
    INSERT INTO delivery_attempts (document_id, document_created_at, attempt, delivery_id, scheduled_attempt, trigger, hook_id, attempted_at, response_status,
      response_duration_ms, accepted)
    SELECT id, created_at, k, pg_temp.uuid7(created_at + after), k, CASE WHEN k = 1 THEN 'initial' ELSE 'retry' END, $2::uuid, created_at + after, 500, 35, false
    FROM made CROSS JOIN (VALUES (1, interval '40 milliseconds'), (2, interval '1 minute'), (3, interval '10 minutes'), (4, interval '1 hour')) AS r(k, after))
  INSERT INTO rejected_documents (document_id, document_created_at, client_id, hook_id, environment, kind, type, user_id, attempts, bucket, key, stored_at,
    first_stored_at, expires_at)
  SELECT id, created_at, ${OWNER}, 'production', 'summary', 'physical_summary', user_id, 4, $7::text,
    $1::uuid::text || '/summary/' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY/MM/DD') || '/' || id || '.json',
    created_at + interval '1 hour 1 second', created_at + interval '1 hour 1 second', created_at + interval '1 hour 1 second' + $8::float8 * interval '1 millisecond'
  FROM made`;

/**
 * Runs the phase. Each step follows the one before at once, as in production: no pause to let work drain or
 * caches warm beyond the idle window itself.
 */
export async function scale(bench: Bench, config: AppConfig, settings: ScaleSettings): Promise<void> {
  const { service, db } = bench;
  const history = await service.createClient(`${bench.receiverUrl}/ok/history`);
  const backlog = await service.createClient(`${bench.receiverUrl}/fail/backlog`);
  const rejected = await service.createClient(`${bench.receiverUrl}/fail/rejected`);
  // One document of the history client's through the API, so that its lookup by id has something to find on the empty ledger too.
  await service.post('/v1/documents', documentFor(history.clientId, 0), PRODUCER);
  await waitFor('the history client document to be delivered', 60_000, async () => (await count(db, `SELECT count(*) FROM documents WHERE client_id = $1 AND status = 'Success'`, [history.clientId])) >= 1);
  const queries = listQueries(history, backlog, rejected);

  console.log(`scale: empty ledger, service idle since it started`);
  const empty = {
    load: report(bench, 'scale, empty ledger', await burstThenSteady(bench, 'scale-empty', settings.load)),
    idle: reportIdle('empty ledger', await idleCpu(bench, settings.idleSeconds)),
    latencies: reportLatencies('empty ledger', await latencies(bench, queries, history)),
  };

  const loadStarted = Date.now();
  await db.query(UUID7);
  await makePartitions(config, new Date(loadStarted - (HISTORY_DAYS + 1) * DAY_MS));
  await preloadHistory(bench, config, history, settings.rows, loadStarted);
  const analyzeStarted = Date.now();
  await db.query('ANALYZE');
  console.log(
    `scale: preloaded ${settings.rows.toLocaleString('en')} delivered documents over ${HISTORY_DAYS} days in ${seconds(Date.now() - loadStarted)} s (ANALYZE ${seconds(Date.now() - analyzeStarted)} s of it); ${await databaseSize(bench)}`,
  );
  const loaded = reportIdle('loaded, no backlog', await idleCpu(bench, settings.idleSeconds));

  const backlogStarted = Date.now();
  await preload(bench, BACKLOG, backlog, settings.backlog, new Date(backlogStarted - 3_600_000), new Date(backlogStarted));
  // Stored an hour after they came, and waiting for RETENTION_PRODUCTION after that: the oldest still wait when the phase ends.
  const rejectedUntil = new Date(backlogStarted - 2 * 3_600_000);
  const rejectedSince = new Date(rejectedUntil.getTime() - config.retentionMs.production + DAY_MS);
  await preload(bench, REJECTED, rejected, settings.rejected, rejectedSince, rejectedUntil, [config.rejectedBuckets.production, config.retentionMs.production]);
  await db.query('ANALYZE');
  console.log(
    `scale: added a backlog of ${settings.backlog.toLocaleString('en')} documents waiting for a retry an hour away and ${settings.rejected.toLocaleString('en')} documents in the rejected bucket in ${seconds(Date.now() - backlogStarted)} s (ANALYZE included); ${await databaseSize(bench)}`,
  );
  const withBacklog = {
    idle: reportIdle('loaded, with backlog', await idleCpu(bench, settings.idleSeconds)),
    load: await loadedRun(bench, settings.load),
    latencies: reportLatencies('loaded', await latencies(bench, queries, history)),
  };

  summarize(bench, settings, { empty, loaded, withBacklog });
}

/** The service's own code makes the partitions (with its storage settings and per-partition indexes), back to `since`. */
async function makePartitions(config: AppConfig, since: Date): Promise<void> {
  // Quiet, as the service runs in the bench (LOG_LEVEL=warn): the partitions it makes are not the phase's figures.
  Logger.overrideLogger(['error', 'warn']);
  const dataSource = new DataSource({ type: 'postgres', url: config.databaseUrl });
  await dataSource.initialize();
  try {
    const partitions = new Partitions(dataSource, config, new SchedulerRegistry());
    new LedgerPartitions(partitions, dataSource).onModuleInit();
    await partitions.ensure(since);
  } finally {
    await dataSource.destroy();
  }
}

async function preloadHistory(bench: Bench, config: AppConfig, history: Client, rows: number, loadStarted: number): Promise<void> {
  const cutoff = new Date(loadStarted - config.deliveredRetentionMs);
  // The purge of delivered bodies goes on from where the service would have left it: past every body purged here.
  await bench.db.query(`UPDATE sweep_positions SET at = $1, id = 'ffffffff-ffff-ffff-ffff-ffffffffffff' WHERE sweep = 'delivered-bodies'`, [cutoff]);
  await preload(bench, HISTORY, history, rows, new Date(loadStarted - HISTORY_DAYS * DAY_MS), new Date(loadStarted), [cutoff, config.deliveredRetentionMs], true);
}

/** `rows` documents of `client` created evenly over [since, until), a chunk per statement, oldest first. */
async function preload(bench: Bench, sql: string, client: Client, rows: number, since: Date, until: Date, extra: unknown[] = [], progress = false): Promise<void> {
  const stepMicros = Math.max(1, Math.floor(((until.getTime() - since.getTime()) * 1000) / rows));
  const started = Date.now();
  for (let first = 0; first < rows; first += CHUNK) {
    const last = Math.min(rows, first + CHUNK) - 1;
    await bench.db.query(sql, [client.clientId, client.hookId, since, stepMicros, first, last, ...extra]);
    if (progress && (last + 1) % 2_000_000 === 0 && last + 1 < rows) {
      console.log(`scale: preload: ${(last + 1).toLocaleString('en')} of ${rows.toLocaleString('en')} documents in ${seconds(Date.now() - started)} s`);
    }
  }
}

/** The database's size on disk (a count of the rows would read them all, and delay the next step). */
async function databaseSize(bench: Bench): Promise<string> {
  const [{ bytes }] = (await bench.db.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows;
  return `database ${(Number(bytes) / 2 ** 30).toFixed(1)} GiB`;
}

/** CPU of the service and of PostgreSQL for this database over `windowSeconds` in which the bench asks nothing, in fractions of a core. */
async function idleCpu(bench: Bench, windowSeconds: number): Promise<Idle> {
  const meter = await CpuMeter.start(bench.service, bench.db);
  const t0 = Date.now();
  await sleep(windowSeconds * 1000);
  const spent = meter.stop();
  const elapsed = (Date.now() - t0) / 1000;
  return { service: spent.service / elapsed, postgres: spent.postgres / elapsed };
}

function listQueries(history: Client, backlog: Client, rejected: Client): ListQuery[] {
  const events = (query: string) => `/webhooks/v1/events?${query}`;
  return [
    { name: 'GET /webhooks/v1/events?limit=50 (history client)', path: events('limit=50'), headers: history.headers, paged: true },
    { name: 'GET /webhooks/v1/events?status=Success&limit=50 (history client)', path: events('status=Success&limit=50'), headers: history.headers, paged: true },
    { name: 'GET /webhooks/v1/events?status=Pending&limit=50 (backlog client)', path: events('status=Pending&limit=50'), headers: backlog.headers, paged: true },
    { name: 'GET /webhooks/v1/events?status=Failed&limit=50 (rejected client)', path: events('status=Failed&limit=50'), headers: rejected.headers, paged: true },
    { name: 'GET /v1/rejected?limit=50 (rejected client)', path: '/v1/rejected?limit=50', headers: rejected.headers, paged: true },
    { name: 'GET /v1/rejected?limit=50 (operator)', path: '/v1/rejected?limit=50', headers: OPERATOR, paged: true },
    { name: 'GET /metrics', path: '/metrics', headers: {}, paged: false },
  ];
}

/** The median of CALLS calls of each query, one after another, and of its next page; then the history client's newest document by id. */
async function latencies(bench: Bench, queries: ListQuery[], history: Client): Promise<Map<string, Latency>> {
  const timed = new Map<string, Latency>();
  for (const query of queries) {
    const first = await get(bench, query.path, query.headers);
    const cursor = query.paged ? (first.body as { nextCursor: string | null }).nextCursor : null;
    const separator = query.path.includes('?') ? '&' : '?';
    timed.set(query.name, {
      first: await median(bench, query.path, query.headers),
      next: cursor ? await median(bench, `${query.path}${separator}cursor=${encodeURIComponent(cursor)}`, query.headers) : null,
    });
  }
  const newest = (await get(bench, '/webhooks/v1/events?limit=1', history.headers)).body as { items: { id: string }[] };
  timed.set('GET /webhooks/v1/events/:id (history client, its newest)', { first: await median(bench, `/webhooks/v1/events/${newest.items[0].id}`, history.headers), next: null });
  return timed;
}

async function get(bench: Bench, path: string, headers: Record<string, string>): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const response = await fetch(`${bench.service.url}${path}`, { headers });
  const text = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new BenchFailure(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function median(bench: Bench, path: string, headers: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) times.push((await get(bench, path, headers)).ms);
  times.sort((a, b) => a - b);
  return (times[(CALLS - 1) >> 1] + times[CALLS >> 1]) / 2;
}

function report(bench: Bench, stage: string, figures: LoadFigures): LoadFigures {
  reportLoad(bench, stage, figures);
  return figures;
}

/** The loaded run, beside a raw limit measured again just before it: the machine's load has moved since the first. */
async function loadedRun(bench: Bench, load: LoadSettings): Promise<LoadFigures & { raw: number }> {
  const raw = await rawLimit(`${bench.receiverUrl}/ok/raw`, load.documents);
  const loaded = { ...bench, raw };
  return { ...report(loaded, 'scale, loaded', await burstThenSteady(loaded, 'scale-loaded', load)), raw };
}

function reportIdle(stage: string, idle: Idle): Idle {
  console.log(`scale, ${stage}: idle CPU service ${idle.service.toFixed(3)} + PostgreSQL ${idle.postgres.toFixed(3)} = ${(idle.service + idle.postgres).toFixed(3)} of a core`);
  return idle;
}

function reportLatencies(stage: string, timed: Map<string, Latency>): Map<string, Latency> {
  for (const [name, { first, next }] of timed) console.log(`scale, ${stage}: ${name}: median ${ms(first)}${next === null ? '' : `, next page ${ms(next)}`}`);
  return timed;
}

interface Stages {
  empty: { load: LoadFigures; idle: Idle; latencies: Map<string, Latency> };
  loaded: Idle;
  withBacklog: { load: LoadFigures & { raw: number }; idle: Idle; latencies: Map<string, Latency> };
}

function summarize(bench: Bench, settings: ScaleSettings, { empty, loaded, withBacklog }: Stages): void {
  const size = `${settings.rows.toLocaleString('en')} delivered, ${settings.backlog.toLocaleString('en')} waiting for a retry, ${settings.rejected.toLocaleString('en')} rejected`;
  const [before, after] = [empty.load, withBacklog.load];
  const pipelineRatio = after.pipeline!.rate / before.pipeline!.rate;
  const ofRaw = (rate: number, raw: number) => `${(rate / raw).toFixed(3)} of the raw limit (${raw.toFixed(0)} POST/s)`;
  bench.target(
    `scale: pipeline loaded (${size}) / empty: ${after.pipeline!.rate.toFixed(0)} / ${before.pipeline!.rate.toFixed(0)} documents/s = ${pipelineRatio.toFixed(2)}; loaded = ${ofRaw(after.pipeline!.rate, after.raw)}, empty = ${ofRaw(before.pipeline!.rate, bench.raw)} (target ≥ ${RATIO_TARGET})`,
    pipelineRatio >= RATIO_TARGET,
  );
  const singleRatio = after.single!.rate / before.single!.rate;
  const errors = before.single!.errors.length + after.single!.errors.length;
  bench.target(
    `scale: single ingest loaded / empty: ${after.single!.rate.toFixed(0)} / ${before.single!.rate.toFixed(0)} accepted/s = ${singleRatio.toFixed(2)}; loaded = ${ofRaw(after.single!.rate, after.raw)}, ${errors} errors (target ≥ ${RATIO_TARGET}, no error)`,
    singleRatio >= RATIO_TARGET && errors === 0,
  );
  const cores = ({ service, postgres }: Idle) => `service ${service.toFixed(3)} + PostgreSQL ${postgres.toFixed(3)} = ${(service + postgres).toFixed(3)}`;
  const delta = withBacklog.idle.service + withBacklog.idle.postgres - (empty.idle.service + empty.idle.postgres);
  bench.target(
    `scale: idle CPU over ${settings.idleSeconds} s, in cores: empty ledger ${cores(empty.idle)}; loaded, no backlog ${cores(loaded)}; loaded, with backlog ${cores(withBacklog.idle)}: ${delta >= 0 ? '+' : ''}${delta.toFixed(3)} (target within ${IDLE_DELTA_LIMIT} of the empty ledger)`,
    Math.abs(delta) <= IDLE_DELTA_LIMIT,
  );
  for (const [name, after] of withBacklog.latencies) {
    const before = empty.latencies.get(name);
    const pages = [after.first, ...(after.next === null ? [] : [after.next])];
    const next = after.next === null ? '' : `, next page ${ms(after.next)} (empty ${before?.next == null ? 'none' : ms(before.next)})`;
    bench.target(`scale: ${name}: loaded median ${ms(after.first)} (empty ${before ? ms(before.first) : '?'})${next} (target < ${LATENCY_LIMIT_MS} ms)`, Math.max(...pages) < LATENCY_LIMIT_MS);
  }
}

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(0);
const ms = (milliseconds: number) => `${milliseconds.toFixed(1)} ms`;
