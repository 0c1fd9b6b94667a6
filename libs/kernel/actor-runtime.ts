import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { DataSource } from 'typeorm';
import { ActorRegistry, type RegisteredActor } from './actor-registry.js';
import { retryAfterFailure } from './backoff.js';
import { Doorbells } from './doorbells.js';
import { MessageAlreadyHandled, NotYet, withCauses } from './errors.js';
import { DUE_NOW, mailboxOf } from './event-bus.js';
import { InFlight } from './in-flight.js';
import { handlerFailures, messagesHandled } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { Leases, type Lease } from './leases.js';
import type { BatchContext, MessageContext } from './message-context.js';
import { MessageStore, type ClaimedMessage } from './message-store.js';

/** Messages one claim takes at most; a doorbell job makes a few claims, then rings again if more are due (fairness). */
const CLAIM_SIZE = 100;
const CLAIMS_PER_JOB = 4;
/** Doorbell jobs of one mailbox handled at once per process: each only claims and hands out, so few are needed. */
const JOBS_AT_ONCE = 2;
/** How long a stopping process waits for the messages it is handling. */
const STOP_GRACE_MS = 15_000;

/** One actor's mailbox in this process: the messages it is handling, and whether a claim waited for room. */
interface Mailbox {
  actor: RegisteredActor;
  /** Messages in flight at once (`concurrency`): no claim is made while this many are being handled. */
  room: number;
  /** Shared by its handlers: a batch handler runs each message's slow step through it. */
  limit: LimitFunction;
  handling: number;
  /** A doorbell found no room: the mailbox rings again as soon as a message is settled. */
  waiting: boolean;
}

interface Claim {
  mailbox: Mailbox;
  actor: RegisteredActor;
  lease: Lease;
  token: string;
  limit: LimitFunction;
}

/** In processes that run actors: answers each mailbox's doorbell by claiming its due messages and handling them. */
@Injectable()
export class ActorRuntime {
  private readonly logger = new Logger('ActorRuntime');
  /** Claims being handled, awaited at shutdown. */
  private readonly running = new InFlight();

  constructor(
    private readonly registry: ActorRegistry,
    private readonly doorbells: Doorbells,
    private readonly store: MessageStore,
    private readonly leases: Leases,
    private readonly dataSource: DataSource,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  start(): void {
    for (const actor of this.registry.all()) {
      const mailbox = mailboxOf(actor.definition.name);
      this.doorbells.open(mailbox);
      if (!this.options.runActors) continue;
      // `concurrency` counts the messages in flight in this process, whichever claim they came in.
      const room = actor.definition.concurrency ?? this.options.mailboxConcurrency;
      const state: Mailbox = { actor, room, limit: pLimit(room), handling: 0, waiting: false };
      this.doorbells.answer(mailbox, JOBS_AT_ONCE, () => this.drain(state));
    }
  }

  /** Lets the messages being handled finish, for a while: those still running then are handed out again once their lease runs out. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    const stopped = await Promise.race([this.running.settled().then(() => true), sleep(graceMs, false, { ref: false })]);
    if (!stopped) this.logger.warn(`${this.running.size} claim(s) of messages still being handled at shutdown: their messages are handed out again after their lease`);
  }

  /**
   * One doorbell job: claims due messages, as many as the mailbox has room for, and hands them to their handlers
   * without waiting for them: a slow handler (a receiver that hangs) holds its own slot, never the next claim. When
   * more remain, the mailbox rings again behind other work; when there is no room, it rings once a message settles.
   */
  async drain(mailbox: Mailbox): Promise<void> {
    const { actor } = mailbox;
    const name = actor.definition.name;
    for (let round = 0; round < CLAIMS_PER_JOB; round++) {
      // A whole claim while there is room (a batch handler takes it in one call; single handlers queue on the limit).
      if (mailbox.handling >= mailbox.room) {
        mailbox.waiting = true;
        return;
      }
      const { lease, messages } = await this.store.claim(name, CLAIM_SIZE, actor.definition.leaseMs);
      if (messages.length > 0) this.handleInBackground({ mailbox, actor, lease, token: lease.owner, limit: mailbox.limit }, messages);
      if (messages.length < CLAIM_SIZE) return;
    }
    this.doorbells.ring(mailboxOf(name), [{ jobId: `${name}:more:${randomUUID()}`, data: {}, coalesce: DUE_NOW }]);
  }

  /** The lease is renewed while the handlers run, however slow their receivers: only a dead worker loses its messages. */
  private handleInBackground(claim: Claim, messages: readonly ClaimedMessage[]): void {
    claim.mailbox.handling += messages.length;
    void this.running.track(() =>
      this.leases
        .hold(claim.lease, () => this.handleAll(claim, messages))
        .catch((error: Error) => this.logger.warn(`${claim.actor.definition.name}: messages could not be settled, their lease runs out and they are handed out again: ${error.message}`)),
    );
  }

  /** A message settled: its slot is free, and a doorbell that found no room rings again. */
  private freed(mailbox: Mailbox, count: number): void {
    mailbox.handling -= count;
    if (!mailbox.waiting) return;
    mailbox.waiting = false;
    const name = mailbox.actor.definition.name;
    this.doorbells.ring(mailboxOf(name), [{ jobId: `${name}:room:${randomUUID()}`, data: {}, coalesce: DUE_NOW }]);
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
      if (!(await run())) for (const message of messages) done.push(message.seq);
      for (const { envelope } of messages) messagesHandled.inc({ actor: name, event_type: envelope.type });
    } catch (error) {
      if (error instanceof NotYet) await Promise.all(messages.map((message) => this.postpone(claim, message, error.until)));
      else await Promise.all(messages.map((message) => this.retryLater(claim, message, error as Error)));
    } finally {
      this.freed(claim.mailbox, messages.length);
    }
  }

  /** Not a failure: the message waits until then, its attempt given back. */
  private async postpone(claim: Claim, message: ClaimedMessage, until: Date): Promise<void> {
    const name = claim.actor.definition.name;
    await this.store.postpone(message.seq, claim.token, until);
    this.doorbells.ring(mailboxOf(name), [{ jobId: `${name}:${message.envelope.id}:at:${until.getTime()}`, data: {}, at: until }]);
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
      signal: claim.lease.signalOf(message.seq),
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
      attempt: messages.reduce((most, message) => Math.max(most, message.attempt), 0),
      signal: claim.lease.signal,
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

  /** A failed message waits as its actor's retry rule says; when its attempts run out it stays, marked failed. */
  private async retryLater(claim: Claim, message: ClaimedMessage, error: Error): Promise<void> {
    const { name, retry = 'handler' } = claim.actor.definition;
    const rule = this.options.retryRules[retry];
    const { envelope, attempt } = message;
    const where = `${name} ${envelope.type} ${envelope.id} (attempt ${attempt}/${rule.attempts})`;
    try {
      const at = retryAfterFailure(rule, attempt);
      if (at === null) {
        await this.store.giveUp(message.seq, claim.token, withCauses(error));
        handlerFailures.inc({ actor: name, event_type: envelope.type });
        this.logger.error(`${where} failed for good, kept as failed in kernel_messages: ${withCauses(error)}`, error.stack);
        return;
      }
      await this.store.retryLater(message.seq, claim.token, withCauses(error), at);
      this.doorbells.ring(mailboxOf(name), [{ jobId: `${name}:${envelope.id}:retry${attempt}`, data: {}, at }]);
      this.logger.warn(`${where} will retry: ${withCauses(error)}`);
    } catch (recordError) {
      // The lease runs out and the reconciler hands the message out again.
      this.logger.warn(`${where} failed and could not be rescheduled now: ${(recordError as Error).message}`);
    }
  }
}
