import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';
import type { TestEnvironment } from './test-environment.js';
import { serviceArgs } from './service-command.js';

/** A worker as production runs one: its own process (`ROLE=worker`), sharing the test's database, Redis and S3. */
export class WorkerProcess {
  private constructor(
    readonly child: ChildProcess,
    /** Where it serves /health and /metrics. */
    readonly url: string,
  ) {}

  static async start(environment: TestEnvironment, overrides: Record<string, string> = {}): Promise<WorkerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, serviceArgs(), {
      env: { ...process.env, ...environment.env({ ...overrides, ROLE: 'worker', PORT: String(port) }) },
      stdio: 'ignore',
    });
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (ready.status !== 200) throw new Error(`not ready: ${ready.status}`);
    }, { timeoutMs: 30_000 });
    return new WorkerProcess(child, `http://127.0.0.1:${port}`);
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
