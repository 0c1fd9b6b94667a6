// npm run bench: the delivery ledger's targets, each printed beside the raw limit of this machine measured in the same run.
import 'reflect-metadata';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { TestEnvironment } from '../support/test-environment.js';
import { BenchFailure, BenchService, forkWithPort, stopChild } from './harness.js';
import { exhaustToStore, fairness, pipeline, rawLimit, singleIngest, steadyLatency, waitingForRetry, type Bench } from './phases.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DOCUMENTS = setting('BENCH_DOCUMENTS', 20_000);
const SINGLE_SECONDS = setting('BENCH_SINGLE_SECONDS', 10);
const STEADY_RATE = 400;
const STEADY_SECONDS = setting('BENCH_STEADY_SECONDS', 10);
const EXHAUST_DOCUMENTS = setting('BENCH_EXHAUST_DOCUMENTS', 5_000);
const WAITING_DOCUMENTS = setting('BENCH_WAITING_DOCUMENTS', 100_000);
const FAIR_PER_HOOK = setting('BENCH_FAIR_PER_HOOK', 250);
/** The bench's data hooks take this many requests at once, as a client with a fast receiver would set it. */
const MAX_IN_FLIGHT = 256;
/** BENCH_PHASES=pipeline,steady runs some phases only. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'pipeline,single,steady,exhaust,fairness,memory').split(','));

interface World {
  environment: TestEnvironment;
  service?: BenchService;
  db?: pg.Client;
}

async function main(): Promise<number> {
  const receiver = await forkWithPort('./receiver-process.js');
  const s3 = await forkWithPort('./s3-process.js', [join(tmpdir(), `bench-s3-${process.pid}`)]);
  const worlds: World[] = [];
  const missed: string[] = [];
  const receiverUrl = `http://127.0.0.1:${receiver.port}`;
  const s3Env = { S3_ENDPOINT: `http://127.0.0.1:${s3.port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
  let phase = 'raw limit';
  try {
    console.log(`machine: ${cpus().length} cores, node ${process.version}`);
    const raw = await rawLimit(`${receiverUrl}/ok/raw`, DOCUMENTS);
    console.log(`raw limit: ${raw.toFixed(0)} POST/s (undici, 64 connections, straight to the receiver in its own process)`);

    const open = async (env: Record<string, string>): Promise<Bench> => {
      const world: World = { environment: new TestEnvironment() };
      worlds.push(world);
      const started = Date.now();
      world.service = await BenchService.start(world.environment, { ...s3Env, SUSPEND_AFTER: '0', HOOK_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT), ...env });
      console.log(`service ready in ${Date.now() - started} ms (npm start minus the build)`);
      world.db = new pg.Client({ connectionString: world.environment.databaseUrl });
      await world.db.connect();
      const target = (what: string, met: boolean) => {
        console.log(`${met ? 'MET   ' : 'MISSED'} ${what}`);
        if (!met) missed.push(what);
      };
      return { service: world.service, receiverUrl, db: world.db, raw, target };
    };

    const bench = await open({ RETRY_SCHEDULE: '100ms,200ms,300ms' });
    const run = async (name: string, work: () => Promise<void>) => {
      if (!PHASES.has(name)) return;
      phase = name;
      await work();
    };
    await run('pipeline', () => pipeline(bench, DOCUMENTS, MAX_IN_FLIGHT));
    await run('single', () => singleIngest(bench, SINGLE_SECONDS));
    await run('steady', () => steadyLatency(bench, STEADY_RATE, STEADY_SECONDS));
    await run('exhaust', () => exhaustToStore(bench, EXHAUST_DOCUMENTS, 4, s3Env.S3_ENDPOINT));
    await run('fairness', () => fairness(bench, FAIR_PER_HOOK));
    phase = 'peak memory';
    const rss = bench.service.peakRssMiB();
    bench.target(`service peak RSS over every phase above: ${rss.toFixed(0)} MiB (target < 300)`, rss < 300);
    await run('memory', async () => waitingForRetry(await open({ RETRY_SCHEDULE: '1h' }), WAITING_DOCUMENTS));
    console.log(missed.length === 0 ? 'every target met' : `${missed.length} target(s) missed`);
    return 0;
  } catch (error) {
    const cause = error instanceof BenchFailure ? error.message : ((error as Error).stack ?? String(error));
    console.error(`benchmark failed in phase "${phase}": ${cause}`);
    return 1;
  } finally {
    await cleanUp(worlds, [receiver.child, s3.child]);
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
    await attempt('drop the bench database', () => world.environment.destroy());
  }
  for (const child of children) await attempt('stop a helper process', () => stopChild(child));
}

process.exitCode = await main();
