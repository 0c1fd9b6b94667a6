import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Takes turns per key: each `send` starts once the one before it (same key) was admitted or ended, in the order
 * they were asked for, and then runs on concurrently with the next. A replay's documents pass the hook's gate this
 * way, so they start in creation order whatever order the gate would have let waiting requests through.
 */
export class Turns {
  private readonly queues = new Map<string, LimitFunction>();

  async take<T>(key: string, send: (admitted: () => void) => Promise<T>): Promise<T> {
    const queue = this.queues.get(key) ?? this.queues.set(key, pLimit(1)).get(key)!;
    let sending!: Promise<T>;
    await queue(
      () =>
        new Promise<void>((admitted) => {
          sending = send(admitted);
          sending.then(() => admitted(), () => admitted());
        }),
    );
    if (queue.activeCount + queue.pendingCount === 0) this.queues.delete(key);
    return sending;
  }

  /** Keys with a turn taken or waiting (none once every send was admitted). */
  get size(): number {
    return this.queues.size;
  }
}
