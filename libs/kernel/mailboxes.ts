import { Inject, Injectable, Logger } from '@nestjs/common';
import Bull from 'bull';
import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActorDefinition } from './actor.decorators.js';
import type { EventEnvelope } from './envelope.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';

/** A mailbox job carries a few messages: fewer Redis round trips per message, one inbox query per job. */
export interface MailboxJob {
  messages: EventEnvelope[];
}

export type Mailbox = Bull.Queue<MailboxJob>;

/** Messages per job: small enough that one slow message holds few others back. */
export const MESSAGES_PER_JOB = 25;

export interface MessageToPost {
  envelope: EventEnvelope;
  /** Milliseconds to wait before the message may be handled. */
  delayMs: number;
}

/**
 * One Bull queue per actor. Job ids are deterministic — `<eventId>:<actor>` for a delayed message,
 * a hash of the message ids for a batch — so posting the same messages twice queues them once.
 */
@Injectable()
export class Mailboxes {
  private readonly logger = new Logger('Mailboxes');
  private readonly queues = new Map<string, Mailbox>();
  private readonly actors = new Map<string, ActorDefinition>();
  private readonly connections: Redis[] = [];
  private sharedClient?: Redis;
  private sharedSubscriber?: Redis;

  constructor(@Inject(KERNEL_OPTIONS) private readonly options: KernelOptions) {}

  open(actor: ActorDefinition): Mailbox {
    const existing = this.queues.get(actor.name);
    if (existing) return existing;
    const queue = new Bull<MailboxJob>(`mailbox:${actor.name}`, {
      prefix: this.options.redisPrefix,
      createClient: (type, config) => this.redisClient(type, config),
      defaultJobOptions: messageJobOptions(actor),
      settings: { backoffStrategies: { [CAPPED_EXPONENTIAL]: cappedExponentialBackoff } },
    });
    queue.on('error', (error) => this.logger.error(`mailbox ${actor.name}: ${error.message}`));
    this.queues.set(actor.name, queue);
    this.actors.set(actor.name, actor);
    return queue;
  }

  get(actorName: string): Mailbox {
    const queue = this.queues.get(actorName);
    if (!queue) throw new Error(`no mailbox for actor ${actorName}`);
    return queue;
  }

  all(): ReadonlyMap<string, Mailbox> {
    return this.queues;
  }

  async post(actorName: string, messages: readonly MessageToPost[]): Promise<void> {
    if (messages.length === 0) return;
    const options = messageJobOptions(this.actors.get(actorName)!);
    const delayed = messages.filter((message) => message.delayMs > 0);
    const due = messages.filter((message) => message.delayMs <= 0).map((message) => message.envelope);
    const jobs: { data: MailboxJob; opts: Bull.JobOptions }[] = delayed.map(({ envelope, delayMs }) => ({
      data: { messages: [envelope] },
      opts: { ...options, jobId: `${envelope.id}:${actorName}`, delay: delayMs },
    }));
    for (let i = 0; i < due.length; i += MESSAGES_PER_JOB) {
      const batch = due.slice(i, i + MESSAGES_PER_JOB);
      jobs.push({ data: { messages: batch }, opts: { ...options, jobId: batchJobId(batch, actorName) } });
    }
    await this.get(actorName).addBulk(jobs);
  }

  /** Waits for the jobs in flight (Bull's close does), but not forever when Redis is gone. */
  async close(graceMs = 15_000): Promise<void> {
    const closing = Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    await Promise.race([closing, sleep(graceMs, undefined, { ref: false })]);
    // Bull leaves connections made by createClient to their maker.
    for (const connection of this.connections) connection.disconnect();
  }

  /** Shares one client and one subscriber connection among all mailboxes; blocking clients stay per queue. */
  private redisClient(type: 'client' | 'subscriber' | 'bclient', config?: Bull.QueueOptions['redis']): Redis {
    const options = { ...(typeof config === 'object' ? config : {}), maxRetriesPerRequest: null, enableReadyCheck: false };
    const connect = (overrides: RedisOptions = {}) => {
      const connection = new Redis(this.options.redisUrl, { ...options, ...overrides });
      this.connections.push(connection);
      return connection;
    };
    // Commands on the shared client fail after a few reconnects instead of queueing forever while Redis is away.
    if (type === 'client') return (this.sharedClient ??= connect({ maxRetriesPerRequest: 3 }));
    if (type === 'subscriber') return (this.sharedSubscriber ??= connect());
    return connect();
  }
}

function batchJobId(batch: readonly EventEnvelope[], actorName: string): string {
  if (batch.length === 1) return `${batch[0].id}:${actorName}`;
  const digest = createHash('sha256');
  for (const envelope of batch) digest.update(envelope.id);
  return `batch-${digest.digest('base64url')}:${actorName}`;
}

const CAPPED_EXPONENTIAL = 'capped-exponential';

interface BackoffOptions {
  firstMs: number;
  maxMs: number;
}

/** Doubles from firstMs, never waits longer than maxMs: a long outage is retried steadily, not abandoned. */
function cappedExponentialBackoff(attemptsMade: number, _error: Error, options: BackoffOptions): number {
  return Math.min(options.firstMs * 2 ** Math.max(0, attemptsMade - 1), options.maxMs);
}

/** Every message job's options in one place: retries with capped exponential backoff, bounded history. */
export function messageJobOptions(actor: ActorDefinition): Bull.JobOptions {
  const backoff: BackoffOptions = { firstMs: actor.backoffMs ?? 1000, maxMs: actor.maxBackoffMs ?? 60_000 };
  return {
    attempts: actor.attempts ?? 10,
    backoff: { type: CAPPED_EXPONENTIAL, options: backoff },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
