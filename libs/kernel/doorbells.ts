import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type Bull from 'bull';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DoorbellConnections } from './doorbell-connections.js';
import { KernelConfigurationError } from './errors.js';
import { InFlight } from './in-flight.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { LocalAnswers } from './local-answers.js';

/** How long a ring waits for Redis before it is given up (the reconciler rings again). */
const RING_TIMEOUT_MS = 2_000;
/** How long a stopping process waits for the doorbell jobs in flight, and for the queues to close. */
const STOP_GRACE_MS = 15_000;

/** How long a coalescing ring's mark outlives a job that never started (Redis lost it): then rings add jobs again. */
const WAITING_MARK_MS = 60_000;
/** The field of a job's data naming its coalescing key (see `Ring.coalesce`). */
const COALESCE_FIELD = 'coalesce';

/** What a doorbell job carries: ids only, never a body. */
export type DoorbellJob = Record<string, string | string[]>;

export type Doorbell = Bull.Queue<DoorbellJob>;

export interface Ring {
  /** Deterministic: ringing twice for the same reason queues one job. */
  jobId: string;
  data: DoorbellJob;
  /** Not before this instant (a Bull delayed job: the clock). */
  at?: Date;
  /**
   * Rings for "due now" that share this key coalesce: while a job rung with it waits (not yet started), another
   * adds nothing. The mark is removed as the job starts, before it looks at any row, so a row committed after
   * that start rings a job of its own. Ignored with `at`. The mark, not `jobId`, is what coalesces here: a job
   * it lets through gets an id of its own, since Bull ignores an id it still holds (a job of that id running).
   */
  coalesce?: string;
}

/**
 * Bull queues used as doorbells and alarm clocks: a job says "rows of yours are due now (or at this
 * time)"; the rows themselves are in PostgreSQL. Ringing is best effort and never throws: when Redis
 * is away the reconciler rings again from the rows, so a lost job only delays work.
 * Each queue is declared with BullModule.registerQueue (declareDoorbells, declareMailboxes), made and closed by Nest,
 * and found here by its queue token.
 */
@Injectable()
export class Doorbells implements OnApplicationShutdown {
  private readonly logger = new Logger('Doorbells');
  private readonly queues = new Map<string, Doorbell>();
  private readonly local = new LocalAnswers<DoorbellJob>();
  /** The Bull jobs this process is running. */
  private readonly running = new InFlight();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly connections: DoorbellConnections,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  /** The declared queue of this name; a doorbell nobody declared fails the start. */
  open(name: string): Doorbell {
    const existing = this.queues.get(name);
    if (existing) return existing;
    let queue: Doorbell;
    try {
      queue = this.moduleRef.get<Doorbell>(getQueueToken(name), { strict: false });
    } catch {
      throw new KernelConfigurationError(`the doorbell "${name}" is not declared: its module imports declareDoorbells('${name}') or declareMailboxes(TheActor)`);
    }
    queue.on('error', (error) => this.logger.warn(`doorbell ${name}: ${error.message}`));
    // @nestjs/bull closes each queue at shutdown and waits without a bound, and Bull's close can wait for ever for a
    // Redis that is gone: an opened queue is closed by the kernel instead (onApplicationShutdown), within its grace.
    Object.assign(queue, { onApplicationShutdown: async () => undefined });
    this.queues.set(name, queue);
    return queue;
  }

  /** Handles the jobs of a doorbell in this process, `concurrency` at a time, and this process's own "due now" rings of it (LocalAnswers). */
  answer(name: string, concurrency: number, handle: (data: DoorbellJob) => Promise<void>): void {
    const queue = this.open(name);
    this.local.answer(name, concurrency, handle);
    nameWorkerQuietly(queue);
    const processing = queue.process(concurrency, (job: Bull.Job<DoorbellJob>) =>
      this.running.track(async () => {
        const key = job.data[COALESCE_FIELD];
        // Unmarked first: a ring from now on adds a job, since this one may already have looked at the rows.
        if (typeof key === 'string') await queue.client.del(this.waitingMark(name, key));
        return handle(job.data);
      }),
    );
    // Settles when the queue closes; fails only when Bull could not start taking jobs (Redis gone at that moment): this
    // process's own rings still run here, while the jobs in Redis (alarms, the reconciler's rings) wait for other workers.
    processing.catch((error: Error) => this.logger.error(`doorbell ${name}: jobs from Redis are not taken in this process: ${error.message}`));
    queue.on('failed', (job: Bull.Job<DoorbellJob>, error: Error) =>
      this.logger.warn(`doorbell ${name} job ${String(job.id)} failed (attempt ${job.attemptsMade}); its rows wait for the next ring: ${error.message}`),
    );
  }

  /**
   * Fire and forget: answers at once, whether or not Redis took the job. A "due now" ring of a doorbell this process
   * answers runs here while it has room (LocalAnswers), without Redis.
   */
  ring(name: string, rings: readonly Ring[]): void {
    void this.ringNow(
      name,
      rings.filter((ring) => !this.answeredHere(name, ring)),
    );
  }

  /** Only "due now" rings that coalesce: an alarm is Bull's to keep until its time. */
  private answeredHere(name: string, ring: Ring): boolean {
    if (ring.coalesce === undefined || ring.at !== undefined) return false;
    return this.local.take(name, ring.coalesce, ring.data, (error) => this.handBack(name, ring, error));
  }

  /** A run that failed here is retried through Redis, with Bull's backoff. */
  private handBack(name: string, ring: Ring, error: Error): void {
    this.logger.warn(`doorbell ${name}: a run in this process failed, ringing through Redis: ${error.message}`);
    void this.ringNow(name, [ring]);
  }

  /** True when Redis took the jobs (or a waiting job already stood for them); false when it is away (nothing is queued in memory meanwhile). */
  async ringNow(name: string, rings: readonly Ring[]): Promise<boolean> {
    if (rings.length === 0) return true;
    // Lost, not connecting: the command would only wait in memory for a Redis that may be gone for long.
    if (this.connections.lost) return false;
    const added = this.addJobs(name, rings).then(
      () => true,
      (error: Error) => {
        this.logger.debug(`doorbell ${name} not rung, the reconciler will: ${error.message}`);
        return false;
      },
    );
    // A command caught by a dropped connection may never settle: a ring is given up, never waited on forever.
    return Promise.race([added, sleep(RING_TIMEOUT_MS, false, { ref: false })]);
  }

  /** Rings that coalesce add a job only where they set the mark (SET NX); a failed add removes its marks again. */
  private async addJobs(name: string, rings: readonly Ring[]): Promise<void> {
    const queue = this.open(name);
    const coalescing = rings.filter((ring) => ring.coalesce !== undefined && !ring.at);
    let marked: string[] = [];
    if (coalescing.length > 0) {
      const marks = [...new Set(coalescing.map((ring) => ring.coalesce!))];
      const replies = (await queue.client.pipeline(marks.map((key) => ['set', this.waitingMark(name, key), '1', 'PX', WAITING_MARK_MS, 'NX'])).exec()) ?? [];
      const failure = replies.find(([error]) => error)?.[0];
      if (failure) throw failure;
      marked = marks.filter((_, i) => replies[i][1] === 'OK');
    }
    const now = Date.now();
    const fresh = new Set(marked);
    const jobs = rings
      .filter((ring) => ring.coalesce === undefined || ring.at || fresh.delete(ring.coalesce))
      .map(({ jobId, data, at, coalesce }) => {
        // A marked job must be added: were its id taken, the mark would stand for a job that is not there.
        const marked = coalesce !== undefined && !at;
        return {
          data: marked ? { ...data, [COALESCE_FIELD]: coalesce } : data,
          opts: { jobId: marked ? `${jobId}:${randomUUID()}` : jobId, delay: at ? Math.max(0, at.getTime() - now) : undefined },
        };
      });
    if (jobs.length === 0) return;
    try {
      await queue.addBulk(jobs);
    } catch (error) {
      if (marked.length > 0) await queue.client.del(...marked.map((key) => this.waitingMark(name, key))).catch(() => undefined);
      throw error;
    }
  }

  /** Outside Bull's keys (`<prefix>:<queue>:…`), so no job id can meet it. */
  private waitingMark(name: string, key: string): string {
    return `${this.options.redisPrefix}:doorbell-waiting:${name}:${key}`;
  }

  all(): ReadonlyMap<string, Doorbell> {
    return this.queues;
  }

  /** Takes no more jobs in this process and waits for those in flight, but not forever when Redis is gone. */
  async stopAnswering(graceMs = STOP_GRACE_MS): Promise<void> {
    // Bull's own wait for active jobs (pause or close without doNotWaitActive) leaves a promise unhandled when Redis
    // is away, which ends the process: it stops taking jobs here, and the waiting for those in flight is ours.
    const paused = [...this.queues.values()].map((queue) => queue.pause(true, true).catch(() => undefined));
    const finished = Promise.all([this.local.stop(), this.running.settled(), ...paused]);
    await Promise.race([finished, sleep(graceMs, undefined, { ref: false })]);
  }

  /** Closes the queues this process opened, and ends the connections they shared: not for ever when Redis is gone. */
  async onApplicationShutdown(): Promise<void> {
    const closing = Promise.all([...this.queues.values()].map((queue) => queue.close(true).catch(() => undefined)));
    await Promise.race([closing, sleep(STOP_GRACE_MS, undefined, { ref: false })]);
    this.connections.disconnect();
  }
}

/**
 * Bull names the blocking connection (CLIENT SETNAME) as a queue starts taking jobs, and nobody waits for that
 * command: when the connection closes first (a process stopping while Redis is away), its rejection goes unhandled
 * and ends the process. The name only labels the connection in CLIENT LIST, so a failure is dropped.
 */
function nameWorkerQuietly(queue: Doorbell): void {
  const bullQueue = queue as Doorbell & { setWorkerName: () => Promise<void> };
  const setWorkerName = bullQueue.setWorkerName.bind(queue);
  bullQueue.setWorkerName = () => setWorkerName().catch(() => undefined);
}
