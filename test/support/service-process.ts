import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';
import type { TestEnvironment } from './test-environment.js';
import { serviceArgs } from './service-command.js';

/**
 * The service in its own process, started as `npm start` starts it (preload included), sharing the test's database,
 * Redis and S3: a worker as production runs one (`ROLE: 'worker'`), or a whole service whose tracing is under test.
 */
export class ServiceProcess {
  /** What it wrote on stdout (its log lines). */
  output = '';

  private constructor(
    readonly child: ChildProcess,
    /** Where it serves its API (or, as a worker, /health and /metrics). */
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts it with `overrides` on the test's settings (ROLE defaults to worker) and waits until it is ready. */
  static async start(environment: TestEnvironment, overrides: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, serviceArgs(), {
      env: { ...process.env, ...environment.env({ ROLE: 'worker', ...overrides, PORT: String(port) }) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const started = new ServiceProcess(child, `http://127.0.0.1:${port}`);
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      const ready = await fetch(`${started.url}/health/ready`);
      if (ready.status !== 200) throw new Error(`not ready: ${ready.status}`);
    }, { timeoutMs: 30_000 });
    return started;
  }

  /** Its log lines, parsed. */
  logLines(): Record<string, unknown>[] {
    return this.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child.kill(signal);
  }

  /** Stops it as an orchestrator would (SIGTERM), waiting for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
