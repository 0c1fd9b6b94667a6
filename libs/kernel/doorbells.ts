import { Inject, Injectable, Logger } from '@nestjs/common';
import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';

/** How long a ring waits for Redis before it is given up (the reconciler rings again). */
const RING_TIMEOUT_MS = 2_000;

/** What a doorbell job carries: ids only, never a body. */
export type DoorbellJob = Record<string, string | string[]>;

export type Doorbell = Bull.Queue<DoorbellJob>;

export interface Ring {
  /** Deterministic: ringing twice for the same reason queues one job. */
  jobId: string;
  data: DoorbellJob;
  /** Not before this instant (a Bull delayed job: the clock). */
  at?: Date;
}

/**
 * Bull queues used as doorbells and alarm clocks: a job says "rows of yours are due now (or at this
 * time)"; the rows themselves are in PostgreSQL. Ringing is best effort and never throws: when Redis
 * is away the reconciler rings again from the rows, so a lost job only delays work.
 */
@Injectable()
export class Doorbells {
  private readonly logger = new Logger('Doorbells');
  private readonly queues = new Map<string, Doorbell>();
  private readonly connections: Redis[] = [];
  private sharedClient?: Redis;
  private sharedSubscriber?: Redis;

  constructor(@Inject(KERNEL_OPTIONS) private readonly options: KernelOptions) {}

  open(name: string): Doorbell {
    const existing = this.queues.get(name);
    if (existing) return existing;
    const queue = new Bull<DoorbellJob>(name, {
      prefix: this.options.redisPrefix,
      createClient: (type, config) => this.redisClient(type, config),
      defaultJobOptions: {
        // A failed job only delays: its rows stay due, and the reconciler rings again.
        attempts: 3,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: true,
        removeOnFail: { age: Math.ceil(this.options.historyRetentionMs / 1000) },
      },
    });
    queue.on('error', (error) => this.logger.warn(`doorbell ${name}: ${error.message}`));
    this.queues.set(name, queue);
    return queue;
  }

  /** Handles the jobs of a doorbell in this process, `concurrency` at a time. */
  answer(name: string, concurrency: number, handle: (data: DoorbellJob) => Promise<void>): void {
    const queue = this.open(name);
    void queue.process(concurrency, (job: Bull.Job<DoorbellJob>) => handle(job.data));
    queue.on('failed', (job: Bull.Job<DoorbellJob>, error: Error) =>
      this.logger.warn(`doorbell ${name} job ${String(job.id)} failed (attempt ${job.attemptsMade}); its rows wait for the next ring: ${error.message}`),
    );
  }

  /** Fire and forget: answers at once, whether or not Redis took the job. */
  ring(name: string, rings: readonly Ring[]): void {
    void this.ringNow(name, rings);
  }

  /** True when Redis took the jobs; false when it is away (nothing is queued in memory meanwhile). */
  async ringNow(name: string, rings: readonly Ring[]): Promise<boolean> {
    if (rings.length === 0) return true;
    // Lost, not connecting: the command would only wait in memory for a Redis that may be gone for long.
    if (this.sharedClient && ['reconnecting', 'close', 'end'].includes(this.sharedClient.status)) return false;
    const now = Date.now();
    const added = this.open(name)
      .addBulk(rings.map(({ jobId, data, at }) => ({ data, opts: { jobId, delay: at ? Math.max(0, at.getTime() - now) : undefined } })))
      .then(
        () => true,
        (error: Error) => {
          this.logger.debug(`doorbell ${name} not rung, the reconciler will: ${error.message}`);
          return false;
        },
      );
    // A command caught by a dropped connection may never settle: a ring is given up, never waited on forever.
    return Promise.race([added, sleep(RING_TIMEOUT_MS, false, { ref: false })]);
  }

  all(): ReadonlyMap<string, Doorbell> {
    return this.queues;
  }

  /** Waits for the jobs in flight (Bull's close does), but not forever when Redis is gone. */
  async close(graceMs = 15_000): Promise<void> {
    const closing = Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    await Promise.race([closing, sleep(graceMs, undefined, { ref: false })]);
    // Bull leaves connections made by createClient to their maker.
    for (const connection of this.connections) connection.disconnect();
  }

  /** Shares one client and one subscriber connection among all doorbells; blocking clients stay per queue. */
  private redisClient(type: 'client' | 'subscriber' | 'bclient', config?: Bull.QueueOptions['redis']): Redis {
    const options = { ...(typeof config === 'object' ? config : {}), maxRetriesPerRequest: null, enableReadyCheck: false };
    const connect = (overrides: RedisOptions = {}) => {
      const connection = new Redis(this.options.redisUrl, { ...options, ...overrides });
      // Every doorbell sharing the connection listens to its errors: as many listeners as doorbells, not a leak.
      connection.setMaxListeners(0);
      this.connections.push(connection);
      return connection;
    };
    // Commands on the shared client fail after a few reconnects instead of queueing forever while Redis is away.
    if (type === 'client') return (this.sharedClient ??= connect({ maxRetriesPerRequest: 3 }));
    if (type === 'subscriber') return (this.sharedSubscriber ??= connect());
    return connect();
  }
}
