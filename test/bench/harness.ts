// The bench's moving parts: child processes (service, receiver, S3), their readiness, metrics and clean shutdown.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sampleValue } from '../support/metrics-text.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN, type TestEnvironment } from '../support/test-environment.js';
import { serviceArgs } from '../support/service-command.js';

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

  static async start(environment: TestEnvironment, env: Record<string, string>): Promise<BenchService> {
    const workers = Number(process.env.BENCH_WORKERS ?? 0);
    const roles = workers > 0 ? ['api', ...Array.from({ length: workers }, () => 'worker')] : ['all'];
    const started = await Promise.all(roles.map((role) => startProcess(environment, { ...env, ROLE: role })));
    return new BenchService(started[0].child, started[0].url, started.slice(1));
  }

  async post(path: string, body: unknown, headers: Record<string, string> = OPERATOR): Promise<any> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status >= 300) throw new BenchFailure(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** A client whose data hook in production is `dataWebhookUrl`; returns its id and its data hook's id. */
  async createClient(dataWebhookUrl: string): Promise<{ clientId: string; hookId: string }> {
    const created = await this.post('/v1/clients', { name: 'Bench', environments: { production: { dataWebhookUrl } } });
    return { clientId: created.id, hookId: created.hooks[0].id };
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
    const peakOf = (child: ChildProcess) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
    return Math.max(...this.processes().map(peakOf));
  }

  processes(): ChildProcess[] {
    return [this.process, ...this.workers.map(({ child }) => child)];
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes().map((child) => stopChild(child)));
  }
}

async function startProcess(environment: TestEnvironment, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = fixedPorts === undefined ? 3900 + Math.floor(Math.random() * 90) : fixedPorts++;
  // BENCH_NODE_ARGS=--cpu-prof profiles the service (the .cpuprofile lands in the working directory).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, serviceArgs(nodeArgs), {
    env: { ...process.env, ...environment.env({ PORT: String(port), LOG_LEVEL: 'warn', ...env }) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`the service (ROLE=${env.ROLE}) to be ready`, 60_000, async () => {
    if (child.exitCode !== null) throw new BenchFailure(`the service (ROLE=${env.ROLE}) exited with ${child.exitCode} while starting`);
    return (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true;
  });
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

/** CPU seconds used so far by the service and by the PostgreSQL backends serving its database. */
export async function cpuOf(service: BenchService, db: pg.Client): Promise<{ service: number; postgres: number }> {
  const backends = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return { service: service.processes().reduce((sum, child) => sum + cpuSeconds(child.pid!), 0), postgres: backends.rows.reduce((sum, { pid }) => sum + cpuSeconds(pid), 0) };
}
