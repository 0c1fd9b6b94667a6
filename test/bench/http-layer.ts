// npm run bench:http: the service's HTTP layer, Fastify (src/main.ts) against the Express one it replaced
// (express-service.ts), on this machine in one run. Each round starts the service once on each layer, each with its
// own database, and measures CPU per request of each service process (/proc/<pid>/stat) in three ways:
// - ingest: POST /v1/documents over 32 connections as fast as they are answered, one layer after the other (which
//   goes first alternates between rounds), with the accepted requests per second;
// - side by side: both at BENCH_HTTP_RATE documents per second at the same time, so that both see the same machine
//   (other processes included) and commit documents in groups of the same size: the steadiest comparison here;
// - /health/live over 32 connections: the HTTP layer with next to nothing behind it.
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { TestEnvironment } from '../support/test-environment.js';
import { BenchFailure, BenchService, cpuSeconds, forkWithPort, PRODUCER, stopChild } from './harness.js';
import { documentFor } from './phases.js';
import { describe } from './profile-summary.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = setting('BENCH_HTTP_ROUNDS', 3);
const SECONDS = setting('BENCH_HTTP_SECONDS', 10);
const WARMUP_SECONDS = setting('BENCH_HTTP_WARMUP_SECONDS', 3);
const RATE = setting('BENCH_HTTP_RATE', 250);
const CONNECTIONS = 32;
/** `api` (default): the process takes requests and delivers nothing, so its CPU is ingest alone; `all`: delivery runs beside it. */
const ROLE = process.env.BENCH_HTTP_ROLE ?? 'api';
const LAYERS = { express: 'dist/test/bench/express-service.js', fastify: 'dist/src/main.js' } as const;
type Layer = keyof typeof LAYERS;
/** BENCH_HTTP_PROFILE=var/profiles: a CPU profile of each service there, summed up over the side-by-side seconds. */
const PROFILE_DIR = process.env.BENCH_HTTP_PROFILE ? resolve(process.env.BENCH_HTTP_PROFILE) : undefined;

interface Figures {
  perSecond: number;
  /** Service CPU per answered request, µs. */
  micros: number;
}

interface Measured {
  layer: Layer;
  ingest: Figures;
  sideBySide: Figures;
  health: Figures;
  errors: string[];
}

/** A service on one layer, its client, and how to send it each kind of request. */
class Subject {
  readonly errors: string[] = [];

  private constructor(
    readonly layer: Layer,
    readonly environment: TestEnvironment,
    readonly service: BenchService,
    readonly clientId: string,
    readonly profile: string | undefined,
  ) {}

  static async start(layer: Layer, round: number, env: Record<string, string>, receiverUrl: string): Promise<Subject> {
    const environment = new TestEnvironment();
    const profile = PROFILE_DIR && { dir: PROFILE_DIR, name: `${layer}-round${round}-${process.pid}.cpuprofile` };
    const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${profile.name}`] : [];
    if (profile) mkdirSync(profile.dir, { recursive: true });
    // At the service's default LOG_LEVEL, so that each request's access log line is written (to /dev/null) and measured.
    const service = await BenchService.start(environment, { ...env, ROLE, LOG_LEVEL: 'log' }, { main: LAYERS[layer], nodeArgs, stdout: 'ignore' });
    const { clientId } = await service.createClient(`${receiverUrl}/ok/http-layer`);
    return new Subject(layer, environment, service, clientId, profile && join(profile.dir, profile.name));
  }

  cpu(): number {
    const child = this.service.process;
    if (child.exitCode !== null || child.signalCode !== null) throw new BenchFailure(`the ${this.layer} service exited (${child.exitCode ?? child.signalCode})`);
    return cpuSeconds(child.pid!);
  }

  async ingest(agent: Agent, i: number): Promise<number> {
    const body = JSON.stringify(documentFor(this.clientId, i));
    const response = await request(`${this.service.url}/v1/documents`, { method: 'POST', headers: PRODUCER, body, dispatcher: agent });
    await response.body.dump();
    return response.statusCode === 202 ? 1 : this.refused(response.statusCode);
  }

  async live(agent: Agent): Promise<number> {
    const response = await request(`${this.service.url}/health/live`, { dispatcher: agent });
    await response.body.dump();
    return response.statusCode === 200 ? 1 : this.refused(response.statusCode);
  }

  private refused(status: number): number {
    this.errors.push(`status ${status}`);
    return 0;
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.environment.destroy();
  }
}

/** `send` over CONNECTIONS connections for `seconds`, as fast as answers come; answered per second and CPU per answer. */
async function flat(subject: Subject, seconds: number, send: (agent: Agent, i: number) => Promise<number>): Promise<Figures> {
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1 });
  let answered = 0;
  let next = 0;
  const cpuBefore = subject.cpu();
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const ok = await send(agent, next++).catch((error: Error) => {
          subject.errors.push(error.message);
          return 0;
        });
        answered += ok;
      }
    }),
  );
  const elapsedMs = Date.now() - started;
  const cpu = subject.cpu() - cpuBefore;
  await agent.close();
  return { perSecond: (answered * 1000) / elapsedMs, micros: (1e6 * cpu) / answered };
}

/** Documents to every subject at RATE per second each, at the same time, for `seconds`. */
async function sideBySide(subjects: Subject[], seconds: number): Promise<Figures[]> {
  const agent = new Agent({ connections: 2 * CONNECTIONS, pipelining: 1 });
  const answered = subjects.map(() => 0);
  const cpuBefore = subjects.map((subject) => subject.cpu());
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < RATE * seconds; i++) {
    const due = started + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    subjects.forEach((subject, s) =>
      pending.push(
        subject
          .ingest(agent, 1_000_000_000 + i)
          .then((ok) => void (answered[s] += ok))
          .catch((error: Error) => void subject.errors.push(error.message)),
      ),
    );
  }
  await Promise.all(pending);
  const elapsedMs = Date.now() - started;
  const cpu = subjects.map((subject, s) => subject.cpu() - cpuBefore[s]);
  await agent.close();
  return subjects.map((_, s) => ({ perSecond: (answered[s] * 1000) / elapsedMs, micros: (1e6 * cpu[s]) / answered[s] }));
}

async function round(number: number, env: Record<string, string>, receiverUrl: string): Promise<Measured[]> {
  const order: Layer[] = number % 2 === 1 ? ['express', 'fastify'] : ['fastify', 'express'];
  const subjects: Subject[] = [];
  try {
    for (const layer of order) subjects.push(await Subject.start(layer, number, env, receiverUrl));
    for (const subject of subjects) await flat(subject, WARMUP_SECONDS, (agent, i) => subject.ingest(agent, i));
    const ingest: Figures[] = [];
    for (const subject of subjects) ingest.push(await flat(subject, SECONDS, (agent, i) => subject.ingest(agent, 2_000_000 + i)));
    const from = monotonicMicros();
    const together = await sideBySide(subjects, SECONDS);
    const to = monotonicMicros();
    const health: Figures[] = [];
    for (const subject of subjects) {
      await flat(subject, WARMUP_SECONDS, (agent) => subject.live(agent));
      health.push(await flat(subject, SECONDS, (agent) => subject.live(agent)));
    }
    const measured = subjects.map((subject, s): Measured => ({ layer: subject.layer, ingest: ingest[s], sideBySide: together[s], health: health[s], errors: subject.errors }));
    for (const { layer, ingest, sideBySide, health, errors } of measured) {
      console.log(
        `round ${number} ${layer.padEnd(7)}: ingest ${ingest.perSecond.toFixed(0)}/s, ${ingest.micros.toFixed(0)} µs CPU per request; ` +
          `side by side at ${sideBySide.perSecond.toFixed(0)}/s ${sideBySide.micros.toFixed(0)} µs; /health/live ${health.perSecond.toFixed(0)}/s, ${health.micros.toFixed(0)} µs; ` +
          `${errors.length} errors${errors[0] ? ` (first: ${errors[0]})` : ''}`,
      );
    }
    for (const [s, subject] of subjects.entries()) {
      if (!subject.profile) continue;
      await subject.service.stop();
      const summary = describe(JSON.parse(readFileSync(subject.profile, 'utf8')), { from, to }, together[s].micros);
      console.log(`  ${subject.profile}, the ${SECONDS} s side by side (${from} to ${to} µs):\n  ${summary.join('\n  ')}`);
    }
    return measured;
  } finally {
    for (const subject of subjects) await subject.stop();
  }
}

/** The clock of V8's profiles (CLOCK_MONOTONIC), in microseconds. */
function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

async function main(): Promise<number> {
  const receiver = await forkWithPort('./receiver-process.js');
  const s3 = await forkWithPort('./s3-process.js', [join(tmpdir(), `bench-s3-${process.pid}`)]);
  const env = { S3_ENDPOINT: `http://127.0.0.1:${s3.port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', SUSPEND_AFTER: '0', HOOK_MAX_IN_FLIGHT: '256' };
  try {
    console.log(
      `machine: ${cpus().length} cores, node ${process.version}, load average ${loadavg()[0].toFixed(1)}; ROLE=${ROLE}; ${ROUNDS} rounds of ${SECONDS} s per phase ` +
        `(after ${WARMUP_SECONDS} s of warm-up), ${CONNECTIONS} connections, side by side at ${RATE}/s each`,
    );
    const results: Measured[] = [];
    for (let number = 1; number <= ROUNDS; number++) results.push(...(await round(number, env, `http://127.0.0.1:${receiver.port}`)));
    const of = (layer: Layer) => results.filter((result) => result.layer === layer);
    const phases = [
      ['ingest', (r: Measured) => r.ingest],
      ['side by side', (r: Measured) => r.sideBySide],
      ['/health/live', (r: Measured) => r.health],
    ] as const;
    for (const layer of ['express', 'fastify'] as const) {
      const lines = phases.map(([name, pick]) => {
        const figures = of(layer).map(pick);
        return `${name} ${mean(figures.map((f) => f.perSecond)).toFixed(0)}/s (${range(figures.map((f) => f.perSecond))}), ${mean(figures.map((f) => f.micros)).toFixed(0)} µs (${range(figures.map((f) => f.micros))})`;
      });
      console.log(`${layer.padEnd(7)}: ${lines.join('; ')}`);
    }
    const comparisons = phases.map(([name, pick]) => {
      const [express, fastify] = [of('express').map(pick), of('fastify').map(pick)];
      const cheaper = fastify.filter((figures, i) => figures.micros < express[i].micros).length;
      const ratio = (key: keyof Figures) => (mean(fastify.map((f) => f[key])) / mean(express.map((f) => f[key]))).toFixed(3);
      return `${name}: ${ratio('micros')} of the CPU per request (cheaper in ${cheaper} of ${fastify.length} rounds), ${ratio('perSecond')} of the requests/s`;
    });
    console.log(`fastify/express: ${comparisons.join('; ')} (load average now ${loadavg()[0].toFixed(1)})`);
    return 0;
  } catch (error) {
    console.error(`bench:http failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    await stopChild(receiver.child);
    await stopChild(s3.child);
  }
}

process.exitCode = await main();
