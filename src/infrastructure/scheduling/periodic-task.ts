import { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * Work repeated every interval in this process (a retention sweep), registered under its name with Nest's
 * scheduler: one run at a time — a run longer than the interval skips ticks — and a failed run is logged
 * and left to the next tick.
 */
export class PeriodicTask {
  private readonly logger: Logger;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(scheduler: SchedulerRegistry, intervalMs: number): void {
    scheduler.addInterval(this.name, setInterval(() => this.runInBackground(), intervalMs));
  }

  /** Stops the ticks and waits for a run under way. */
  async stop(scheduler: SchedulerRegistry): Promise<void> {
    if (scheduler.doesExist('interval', this.name)) scheduler.deleteInterval(this.name);
    await this.running;
  }

  private runInBackground(): void {
    this.running ??= this.work()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`${this.name} failed, the next run retries: ${error.message}`))
      .finally(() => (this.running = undefined));
  }
}
