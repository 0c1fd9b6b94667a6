import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import { DataSource } from 'typeorm';
import { ActorRegistry, type RegisteredActor } from './actor-registry.js';
import { cappedExponentialBackoff } from './backoff.js';
import { Doorbells } from './doorbells.js';
import { MessageAlreadyHandled, withCauses } from './errors.js';
import { mailboxOf } from './event-bus.js';
import { handlerFailures, messagesHandled } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import type { BatchContext, MessageContext } from './message-context.js';
import { MessageStore, type ClaimedMessage } from './message-store.js';

/** Messages one claim takes; a doorbell job handles a few claims, then rings again if more are due (fairness). */
const CLAIM_SIZE = 100;
const CLAIMS_PER_JOB = 4;
/** Doorbell jobs of one mailbox handled at once per process; they share the actor's concurrency limit. */
const JOBS_AT_ONCE = 4;
const DEFAULT_LEASE_MS = 60_000;

interface Claim {
  actor: RegisteredActor;
  token: string;
  limit: LimitFunction;
}

/** In processes that run actors: answers each mailbox's doorbell by claiming its due messages and handling them. */
@Injectable()
export class ActorRuntime {
  private readonly logger = new Logger('ActorRuntime');
  private readonly worker = `${hostname()}:${process.pid}`;

  constructor(
    private readonly registry: ActorRegistry,
    private readonly doorbells: Doorbells,
    private readonly store: MessageStore,
    private readonly dataSource: DataSource,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  start(): void {
    for (const actor of this.registry.all()) {
      const mailbox = mailboxOf(actor.definition.name);
      this.doorbells.open(mailbox);
      if (!this.options.runActors) continue;
      // One limit per actor and process, shared by its jobs: `concurrency` counts messages in flight.
      const limit = pLimit(actor.definition.concurrency ?? this.options.mailboxConcurrency);
      this.doorbells.answer(mailbox, JOBS_AT_ONCE, () => this.drain(actor, limit));
    }
  }

  /** One doorbell job: a few claims of due messages; when more remain, the mailbox rings again behind other work. */
  async drain(actor: RegisteredActor, limit: LimitFunction): Promise<void> {
    const name = actor.definition.name;
    for (let round = 0; round < CLAIMS_PER_JOB; round++) {
      const token = `${this.worker}:${randomUUID()}`;
      const claimed = await this.store.claim(name, CLAIM_SIZE, actor.definition.leaseMs ?? DEFAULT_LEASE_MS, token);
      if (claimed.length > 0) await this.handleAll({ actor, token, limit }, claimed);
      if (claimed.length < CLAIM_SIZE) return;
    }
    this.doorbells.ring(mailboxOf(name), [{ jobId: `${name}:more:${randomUUID()}`, data: {} }]);
  }

  private async handleAll(claim: Claim, messages: readonly ClaimedMessage[]): Promise<void> {
    const batches = new Map<string, ClaimedMessage[]>();
    const singles: ClaimedMessage[] = [];
    for (const message of messages) {
      const handler = claim.actor.handlers.get(message.envelope.type);
      if (handler?.batch) batches.set(message.envelope.type, [...(batches.get(message.envelope.type) ?? []), message]);
      else singles.push(message);
    }
    // Messages whose handler returned without removing them itself: removed together afterwards.
    const done: string[] = [];
    await Promise.all([
      ...[...batches.values()].map((batch) => this.settle(claim, batch, () => this.handleBatch(claim, batch), done)),
      ...singles.map((message) => claim.limit(() => this.settle(claim, [message], () => this.handleOne(claim, message), done))),
    ]);
    await this.store.complete(this.dataSource, done, claim.token);
  }

  private async settle(claim: Claim, messages: readonly ClaimedMessage[], run: () => Promise<boolean>, done: string[]): Promise<void> {
    const name = claim.actor.definition.name;
    try {
      if (!(await run())) done.push(...messages.map((message) => message.seq));
      for (const { envelope } of messages) messagesHandled.inc({ actor: name, event_type: envelope.type });
    } catch (error) {
      await Promise.all(messages.map((message) => this.retryLater(claim, message, error as Error)));
    }
  }

  /** Runs one handler; true when it removed the message itself (through context.transaction). */
  private async handleOne(claim: Claim, message: ClaimedMessage): Promise<boolean> {
    const { definition, handlers } = claim.actor;
    const handler = handlers.get(message.envelope.type);
    if (!handler || handler.batch) throw new Error(`actor ${definition.name} has no handler for ${message.envelope.type}`);
    let removed = false;
    const context: MessageContext = {
      actor: definition.name,
      attempt: message.attempt,
      message: message.envelope,
      transaction: (work) =>
        this.dataSource.transaction(async (tx) => {
          const gone = await this.store.complete(tx, [message.seq], claim.token);
          if (gone.size === 0) throw new MessageAlreadyHandled(message.envelope.id, definition.name);
          const result = await work(tx);
          removed = true;
          return result;
        }),
    };
    try {
      await handler.handle(message.envelope, context);
    } catch (error) {
      if (error instanceof MessageAlreadyHandled) return true;
      throw error;
    }
    return removed;
  }

  /** Runs a batch handler on messages of one type; true when it removed them itself. */
  private async handleBatch(claim: Claim, messages: readonly ClaimedMessage[]): Promise<boolean> {
    const { definition, handlers } = claim.actor;
    const handler = handlers.get(messages[0].envelope.type);
    if (!handler?.batch) throw new Error(`actor ${definition.name} has no batch handler for ${messages[0].envelope.type}`);
    let removed = false;
    const context: BatchContext = {
      actor: definition.name,
      attempt: Math.max(...messages.map((message) => message.attempt)),
      limit: (work) => claim.limit(work),
      transaction: (work) =>
        this.dataSource.transaction(async (tx) => {
          const gone = await this.store.complete(
            tx,
            messages.map((message) => message.seq),
            claim.token,
          );
          const result = await work(tx, new Set(messages.filter((message) => gone.has(message.seq)).map((message) => message.envelope.id)));
          removed = true;
          return result;
        }),
    };
    await handler.handle(
      messages.map((message) => message.envelope),
      context,
    );
    return removed;
  }

  /** A failed message waits with capped exponential backoff; when its attempts run out it stays, marked failed. */
  private async retryLater(claim: Claim, message: ClaimedMessage, error: Error): Promise<void> {
    const { name, attempts = 10, backoffMs = 1000, maxBackoffMs = 60_000 } = claim.actor.definition;
    const { envelope, attempt } = message;
    const where = `${name} ${envelope.type} ${envelope.id} (attempt ${attempt}/${attempts})`;
    try {
      if (attempt >= attempts) {
        await this.store.fail(message.seq, claim.token, withCauses(error), null);
        handlerFailures.inc({ actor: name, event_type: envelope.type });
        this.logger.error(`${where} failed for good, kept as failed in kernel_messages: ${withCauses(error)}`, error.stack);
        return;
      }
      const at = new Date(Date.now() + cappedExponentialBackoff(attempt, backoffMs, maxBackoffMs));
      await this.store.fail(message.seq, claim.token, withCauses(error), at);
      this.doorbells.ring(mailboxOf(name), [{ jobId: `${name}:${envelope.id}:retry${attempt}`, data: { eventIds: [envelope.id] }, at }]);
      this.logger.warn(`${where} will retry: ${withCauses(error)}`);
    } catch (recordError) {
      // The lease runs out and the reconciler hands the message out again.
      this.logger.warn(`${where} failed and could not be rescheduled now: ${(recordError as Error).message}`);
    }
  }
}
