import { Injectable, Logger } from '@nestjs/common';
import { Inbox } from './inbox.js';

const HOUR_MS = 3_600_000;
/** A copy of a message can only come from the outbox or a mailbox retry: both are over long before this. */
const KEEP_MS = 7 * 24 * HOUR_MS;

/** Keeps the inbox small by forgetting messages handled more than a week ago. */
@Injectable()
export class InboxPruner {
  private readonly logger = new Logger('InboxPruner');
  private timer?: NodeJS.Timeout;

  constructor(private readonly inbox: Inbox) {}

  start(): void {
    this.timer = setInterval(() => void this.prune(), HOUR_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<void> {
    try {
      const removed = await this.inbox.prune(KEEP_MS);
      if (removed > 0) this.logger.log(`forgot ${removed} handled messages older than 7 days`);
    } catch (error) {
      this.logger.warn(`inbox prune failed, next hour retries: ${(error as Error).message}`);
    }
  }
}
