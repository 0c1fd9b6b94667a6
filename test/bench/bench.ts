// npm run bench: the delivery ledger's targets, each printed beside the raw limit of this machine measured in the same run.
import 'reflect-metadata';
import { rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import type { AppConfig } from '../../src/config/app-config.js';
import { TestEnvironment } from '../support/test-environment.js';
import { BenchFailure, BenchService, forkWithPort, stopChild } from './harness.js';
import { burstThenSteady, reportLoad, type LoadSettings } from './burst-then-steady.js';
import { exhaustToStore, fairness, rawLimit, tracingCost, waitingForRetry, type Bench } from './phases.js';
import { scale } from './scale.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DOCUMENTS = setting('BENCH_DOCUMENTS', 20_000);
const SINGLE_SECONDS = setting('BENCH_SINGLE_SECONDS', 10);
const STEADY_RATE = 400;
const STEADY_SECONDS = setting('BENCH_STEADY_SECONDS', 10);
const EXHAUST_DOCUMENTS = setting('BENCH_EXHAUST_DOCUMENTS', 5_000);
const WAITING_DOCUMENTS = setting('BENCH_WAITING_DOCUMENTS', 100_000);
const FAIR_PER_HOOK = setting('BENCH_FAIR_PER_HOOK', 250);
const SCALE_ROWS = setting('BENCH_SCALE_ROWS', 10_000_000);
const SCALE_BACKLOG = setting('BENCH_SCALE_BACKLOG', 1_000_000);
const SCALE_REJECTED = setting('BENCH_SCALE_REJECTED', 100_000);
/** Twice the default METRICS_INTERVAL: every idle window holds as many counts of the shared gauges. */
const SCALE_IDLE_SECONDS = setting('BENCH_SCALE_IDLE_SECONDS', 30);
/** BENCH_KEEP=1 leaves the bench's databases behind (stopping the services), to look at their plans afterwards. */
const KEEP = process.env.BENCH_KEEP === '1';
/** The bench's data hooks take this many requests at once, as a client with a fast receiver would set it. */
const MAX_IN_FLIGHT = 256;
/** BENCH_PHASES=pipeline,steady runs some phases only; `scale` (about 16 minutes at its default size) runs only when named. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'pipeline,single,steady,exhaust,fairness,tracing,memory').split(','));
const FIRST_SERVICE_PHASES = ['pipeline', 'single', 'steady', 'exhaust', 'fairness'];
const TRACING_DOCUMENTS = setting('BENCH_TRACING_DOCUMENTS', 2_000);
const TRACING_ROUNDS = setting('BENCH_TRACING_ROUNDS', 5);
/** The burst, the steady load right after it, and single ingest: one run, on the empty ledger (and in `scale`, on the loaded one). */
const LOAD: LoadSettings = {
  documents: DOCUMENTS,
  steadyRate: STEADY_RATE,
  steadySeconds: STEADY_SECONDS,
  singleSeconds: SINGLE_SECONDS,
  run: { pipeline: PHASES.has('pipeline'), steady: PHASES.has('steady'), single: PHASES.has('single') },
};

interface World {
  environment: TestEnvironment;
  service?: BenchService;
  db?: pg.Client;
}

async function main(): Promise<number> {
  const receiver = await forkWithPort('./receiver-process.js');
  const s3Directory = join(tmpdir(), `bench-s3-${process.pid}`);
  const s3 = await forkWithPort('./s3-process.js', [s3Directory]);
  const sink = await forkWithPort('./otlp-sink-process.js');
  const worlds: World[] = [];
  const missed: string[] = [];
  const receiverUrl = `http://127.0.0.1:${receiver.port}`;
  const s3Env = { S3_ENDPOINT: `http://127.0.0.1:${s3.port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
  let phase = 'raw limit';
  try {
    console.log(`machine: ${cpus().length} cores, node ${process.version}`);
    const raw = await rawLimit(`${receiverUrl}/ok/raw`, DOCUMENTS);
    console.log(`raw limit: ${raw.toFixed(0)} POST/s (undici, 64 connections, straight to the receiver in its own process)`);

    const open = async (overrides: Record<string, string>): Promise<Bench & { config: AppConfig }> => {
      const world: World = { environment: new TestEnvironment() };
      worlds.push(world);
      const started = Date.now();
      const env = { ...s3Env, SUSPEND_AFTER: '0', HOOK_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT), ...overrides };
      world.service = await BenchService.start(world.environment, env);
      console.log(`service ready in ${Date.now() - started} ms (npm start minus the build)`);
      world.db = new pg.Client({ connectionString: world.environment.databaseUrl });
      await world.db.connect();
      const target = (what: string, met: boolean) => {
        console.log(`${met ? 'MET   ' : 'MISSED'} ${what}`);
        if (!met) missed.push(what);
      };
      return { service: world.service, receiverUrl, db: world.db, raw, target, config: world.environment.config(env) };
    };

    const run = async (name: string, work: () => Promise<void>) => {
      if (!PHASES.has(name)) return;
      phase = name;
      await work();
    };
    if (FIRST_SERVICE_PHASES.some((name) => PHASES.has(name))) {
      const bench = await open({ RETRY_SCHEDULE: '100ms,200ms,300ms' });
      if (LOAD.run.pipeline || LOAD.run.steady || LOAD.run.single) {
        phase = 'pipeline, steady, single';
        console.log(`burst of ${DOCUMENTS} documents (hook maxInFlight ${MAX_IN_FLIGHT}, as its client set it), then ${STEADY_RATE}/s for ${STEADY_SECONDS} s at once, then single ingest for ${SINGLE_SECONDS} s`);
        reportLoad(bench, 'empty ledger', await burstThenSteady(bench, 'empty', LOAD));
      }
      await run('exhaust', () => exhaustToStore(bench, EXHAUST_DOCUMENTS, 4, s3Env.S3_ENDPOINT));
      await run('fairness', () => fairness(bench, FAIR_PER_HOOK));
      phase = 'peak memory';
      const rss = bench.service.peakRssMiB();
      bench.target(`service peak RSS over every phase above: ${rss.toFixed(0)} MiB (target < 300)`, rss < 300);
      // Left idle, it would spend CPU beside the next phases' services and keep their S3 server busy.
      await bench.service.stop();
    }
    // Two fresh services side by side, the same but for tracing: off (no endpoint) and on (every span exported to the sink).
    await run('tracing', async () => {
      const off = await open({});
      const on = await open({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}`, OTEL_TRACES_SAMPLER: 'always_on' });
      await tracingCost(off, on, `http://127.0.0.1:${sink.port}`, TRACING_DOCUMENTS, TRACING_ROUNDS);
      await Promise.all([off.service.stop(), on.service.stop()]);
    });
    await run('memory', async () => waitingForRetry(await open({ RETRY_SCHEDULE: '1h' }), WAITING_DOCUMENTS));
    // Its own service and database; the background work keeps its default pace, as in every phase (see startProcess).
    await run('scale', async () => {
      const bench = await open({ RETRY_SCHEDULE: '100ms,200ms,300ms' });
      await scale(bench, bench.config, {
        rows: SCALE_ROWS,
        backlog: SCALE_BACKLOG,
        rejected: SCALE_REJECTED,
        load: { ...LOAD, run: { pipeline: true, steady: true, single: true } },
        idleSeconds: SCALE_IDLE_SECONDS,
      });
    });
    console.log(missed.length === 0 ? 'every target met' : `${missed.length} target(s) missed`);
    return 0;
  } catch (error) {
    const cause = error instanceof BenchFailure ? error.message : `${(error as Error).stack ?? String(error)}${(error as Error).cause ? `\ncaused by: ${String((error as Error).cause)}` : ''}`;
    console.error(`benchmark failed in phase "${phase}": ${cause}`);
    return 1;
  } finally {
    await cleanUp(worlds, [receiver.child, s3.child, sink.child]);
    // The S3 server's objects: thousands of files a run.
    await rm(s3Directory, { recursive: true, force: true });
  }
}

/** Every step on its own: a failure here is reported, never thrown over the bench's own outcome. */
async function cleanUp(worlds: World[], children: Parameters<typeof stopChild>[0][]): Promise<void> {
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      console.error(`cleanup: could not ${what}: ${(error as Error).message}`);
    }
  };
  for (const world of worlds) {
    await attempt('close the bench database client', async () => world.db?.end());
    await attempt('stop the service', async () => world.service?.stop());
    if (KEEP) console.log(`kept the database ${world.environment.databaseName} (BENCH_KEEP=1): drop it with DROP DATABASE "${world.environment.databaseName}" WITH (FORCE)`);
    else await attempt('drop the bench database', () => world.environment.destroy());
  }
  for (const child of children) await attempt('stop a helper process', () => stopChild(child));
}

process.exitCode = await main();
