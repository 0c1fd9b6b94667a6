// The bench's moving parts: child processes (service, receiver, S3), their readiness, metrics and clean shutdown.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { EnvironmentVariables } from '../../src/config/environment-variables.js';
import { sampleValue } from '../support/metrics-text.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN, type TestEnvironment } from '../support/test-environment.js';
import { freePort } from '../support/free-port.js';
import { serviceArgs } from '../support/service-command.js';

/** A bench's services count their gauges and probe readiness at the service's default pace, as in production. */
const DEFAULT_METRICS_INTERVAL = new EnvironmentVariables().METRICS_INTERVAL;

export const OPERATOR = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
export const PRODUCER = { authorization: `Bearer ${TEST_PRODUCER_TOKEN}`, 'content-type': 'application/json' };

/** A bench step that did not finish in time or failed: the bench stops with its cause. */
export class BenchFailure extends Error {}

/** A forked helper process that reports the port it listens on. */
export async function forkWithPort(script: string, args: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL(script, import.meta.url).pathname, args, { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new BenchFailure(`${script} exited with ${code} before listening`)));
  });
  return { child, port };
}

export async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  if ((await Promise.race([exited, sleep(20_000, 'timeout')])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** BENCH_PORT=3990: the services listen on 3990, then 3991, where docker/compose.yaml's Prometheus scrapes them. */
let fixedPorts = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;

/** The service in its own process, as `npm start` runs it. */
export class BenchService {
  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
    /** BENCH_WORKERS=n: the service above takes requests only (ROLE=api) and n processes deliver (ROLE=worker). */
    readonly workers: readonly { child: ChildProcess; url: string }[],
  ) {}

  /** `first`: another entry point of the process taking requests (npm run bench:http starts the Express one too), and Node flags of its own. */
  static async start(environment: TestEnvironment, env: Record<string, string>, first: ProcessOptions = {}): Promise<BenchService> {
    const workers = Number(process.env.BENCH_WORKERS ?? 0);
    const roles = workers > 0 ? ['api', ...Array.from({ length: workers }, () => 'worker')] : [env.ROLE ?? 'all'];
    const started = await Promise.all(roles.map((role, i) => startProcess(environment, { ...env, ROLE: role }, i === 0 ? first : {})));
    return new BenchService(started[0].child, started[0].url, started.slice(1));
  }

  async post(path: string, body: unknown, headers: Record<string, string> = OPERATOR): Promise<any> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status >= 300) throw new BenchFailure(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** A client whose data hook in production is `dataWebhookUrl`; returns its id, its data hook's id and the headers of its API key. */
  async createClient(dataWebhookUrl: string): Promise<{ clientId: string; hookId: string; headers: Record<string, string> }> {
    const created = await this.post('/v1/clients', { name: 'Bench', environments: { production: { dataWebhookUrl } } });
    return { clientId: created.id, hookId: created.hooks[0].id, headers: { authorization: `Bearer ${created.apiKey}` } };
  }

  /** The sum of a metric's samples whose labels include `labels`. */
  /** Summed over the service's processes. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const urls = [this.url, ...this.workers.map(({ url }) => url)];
    const values = await Promise.all(urls.map(async (url) => sampleValue(await (await fetch(`${url}/metrics`)).text(), name, labels) ?? 0));
    return values.reduce((sum, value) => sum + value, 0);
  }

  /** The highest peak of any one of the service's processes. */
  peakRssMiB(): number {
    return Math.max(...this.peakRssMiBEach());
  }

  /** Each process's peak resident set since it started (VmHWM), the process taking requests first. */
  peakRssMiBEach(): number[] {
    return this.processes().map((child) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024);
  }

  processes(): ChildProcess[] {
    return [this.process, ...this.workers.map(({ child }) => child)];
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes().map((child) => stopChild(child)));
  }
}

/** Another entry point, Node flags of its own, and where its standard output goes (its errors go to the bench's). */
interface ProcessOptions {
  main?: string;
  nodeArgs?: string[];
  stdout?: 'inherit' | 'ignore';
}

async function startProcess(environment: TestEnvironment, env: Record<string, string>, own: ProcessOptions): Promise<{ child: ChildProcess; url: string }> {
  // A port nothing listens on: a port drawn at random could be another bench's, whose service would then answer for this one.
  const port = fixedPorts === undefined ? await freePort() : fixedPorts++;
  const { main, nodeArgs: ownArgs = [], stdout = 'inherit' } = own;
  // BENCH_NODE_ARGS=--cpu-prof profiles the service (the .cpuprofile lands in the working directory).
  const nodeArgs = [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...ownArgs];
  const child = spawn(process.execPath, serviceArgs(nodeArgs, main), {
    // The service's own pace for its background work (gauges, readiness probes): the test environment's is 200 ms.
    env: { ...process.env, ...environment.env({ PORT: String(port), LOG_LEVEL: 'warn', METRICS_INTERVAL: DEFAULT_METRICS_INTERVAL, ...env }) },
    stdio: ['ignore', stdout, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`the service (ROLE=${env.ROLE}) to be ready`, 60_000, async () => {
      if (child.exitCode !== null) throw new BenchFailure(`the service (ROLE=${env.ROLE}) exited with ${child.exitCode} while starting`);
      return (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true;
    });
  } catch (error) {
    // Not yet the bench's to stop at cleanup: left running, it would outlive the bench and its database.
    await stopChild(child);
    throw error;
  }
  return { child, url };
}

export async function count(db: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query<{ count: string }>(sql, params)).rows[0].count);
}

/** Polls until `check` answers truthy; past the deadline the bench fails, naming what it waited for. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new BenchFailure(`waited ${timeoutMs} ms for ${what}`);
    await sleep(100);
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** How often CpuMeter looks at the processes: a parallel worker's CPU after its last sighting is missed. */
const CPU_SAMPLE_MS = 50;

/**
 * CPU seconds used between `start` and `stop` by the service's processes and by the PostgreSQL processes serving
 * its database: its backends and their parallel workers, the bench's own connection left out. Two snapshots of the
 * backends would be wrong both ways: the pool closes a connection idle for 10 s (its past CPU would be subtracted)
 * and a parallel query's workers live for a fraction of a second (missed). So the postmaster's children are looked
 * at every CPU_SAMPLE_MS, and each counts from its first sighting (from zero if it started after `start`) to its last.
 */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  /** Children of the postmaster that serve this database (a process title names its database, or its leader's pid). */
  private readonly ours = new Set<number>();
  private serviceBefore = 0;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly service: BenchService,
    private readonly postmaster: number,
    private readonly database: string,
    private readonly benchBackend: number,
  ) {}

  static async start(service: BenchService, db: pg.Client): Promise<CpuMeter> {
    const [{ pid, database }] = (await db.query<{ pid: number; database: string }>('SELECT pg_backend_pid() AS pid, current_database() AS database')).rows;
    const postmaster = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    const meter = new CpuMeter(service, postmaster, database, pid);
    meter.serviceBefore = meter.serviceSeconds();
    meter.sample(true);
    // Unref'd: a step that fails half-way leaves no timer holding the bench open.
    meter.timer = setInterval(() => meter.sample(false), CPU_SAMPLE_MS).unref();
    return meter;
  }

  /** Fractions of a core are these figures divided by the seconds measured. */
  stop(): { service: number; postgres: number } {
    clearInterval(this.timer);
    return this.read();
  }

  /** The CPU seconds so far, the meter running on. */
  read(): { service: number; postgres: number } {
    this.sample(false);
    let postgres = 0;
    for (const [pid, seconds] of this.last) postgres += seconds - (this.first.get(pid) ?? 0);
    return { service: this.serviceSeconds() - this.serviceBefore, postgres };
  }

  private serviceSeconds(): number {
    return this.service.processes().reduce((sum, child) => sum + cpuSeconds(child.pid!), 0);
  }

  private sample(initial: boolean): void {
    let children: number[];
    try {
      children = readFileSync(`/proc/${this.postmaster}/task/${this.postmaster}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const pid of children) {
      if (pid === this.benchBackend || !this.serves(pid)) continue;
      const seconds = cpuSeconds(pid);
      // Gone since the list was read: its last sighting stands.
      if (seconds < (this.last.get(pid) ?? 0)) continue;
      if (initial) this.first.set(pid, seconds);
      this.last.set(pid, seconds);
    }
  }

  /** Only a yes is remembered: a backend still starting has no database in its title yet. */
  private serves(pid: number): boolean {
    if (this.ours.has(pid)) return true;
    let title: string;
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return false;
    }
    const leader = /parallel worker for PID (\d+)/.exec(title)?.[1];
    const serves = leader !== undefined ? this.ours.has(Number(leader)) : title.includes(` ${this.database} `);
    if (serves) this.ours.add(pid);
    return serves;
  }
}
