import { InFlight } from './in-flight.js';

interface Answerer<Data> {
  concurrency: number;
  handle: (data: Data) => Promise<void>;
  /** Runs started and not yet finished. */
  runs: number;
  /** Keys whose latest run has not started yet: a ring for them adds nothing. */
  waiting: Set<string>;
}

/**
 * "Due now" rings of a doorbell this very process answers, run here instead of through Redis. Under a steady load
 * every group commit rang a Bull job (two Redis calls to add it, three more to take and finish it), which cost more
 * CPU than the rows it woke. The rules are those of the Redis marks: a ring for a key whose run has not started yet
 * adds nothing; any other ring starts a run of its own, beside the ones going on (which may have looked at the rows
 * already), up to the doorbell's `concurrency` runs here. A ring beyond that, or after `stop`, is the caller's to
 * send through Redis; so is a run that fails (Bull retries it with backoff). A process that dies leaves its rows
 * due, and the reconciler rings for them.
 */
export class LocalAnswers<Data> {
  private readonly answerers = new Map<string, Answerer<Data>>();
  private readonly inFlight = new InFlight();
  private stopped = false;

  answer(name: string, concurrency: number, handle: (data: Data) => Promise<void>): void {
    this.answerers.set(name, { concurrency, handle, runs: 0, waiting: new Set() });
  }

  /** Runs the ring here, or finds it covered by a run about to start; false when the caller must ring through Redis. */
  take(name: string, key: string, data: Data, handBack: (error: Error) => void): boolean {
    const answerer = this.answerers.get(name);
    if (!answerer || this.stopped) return false;
    if (answerer.waiting.has(key)) return true;
    if (answerer.runs >= answerer.concurrency) return false;
    answerer.runs++;
    answerer.waiting.add(key);
    void this.inFlight.track(() => this.run(answerer, key, data).catch(handBack));
    return true;
  }

  /** Takes no more rings, and waits for the runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.inFlight.settled();
  }

  private async run(answerer: Answerer<Data>, key: string, data: Data): Promise<void> {
    // Not in the ringing caller's turn: a ring is fire and forget, as it is through Redis.
    await Promise.resolve();
    // Started: a ring from now on runs again, since this run may already have looked at the rows.
    answerer.waiting.delete(key);
    try {
      await answerer.handle(data);
    } finally {
      answerer.runs--;
    }
  }
}
