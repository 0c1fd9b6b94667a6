import { Inject, Injectable, Logger } from '@nestjs/common';
import type Bull from 'bull';
import pLimit, { type LimitFunction } from 'p-limit';
import { DataSource } from 'typeorm';
import { ActorRegistry, type RegisteredActor } from './actor-registry.js';
import type { EventEnvelope } from './envelope.js';
import { MessageAlreadyHandled } from './errors.js';
import { Inbox } from './inbox.js';
import { handlerFailures, messagesHandled } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { Mailboxes, type MailboxJob } from './mailboxes.js';
import type { BatchContext, MessageContext } from './message-context.js';

/** Some messages of a job failed; the job is retried and the messages already handled are skipped. */
export class MessagesFailed extends Error {
  constructor(readonly failures: { message: EventEnvelope; error: Error }[]) {
    super(failures.map(({ message, error }) => `${message.type} ${message.id}: ${error.message}`).join('; '));
  }
}

/** Opens every actor's mailbox and, in processes that run actors, feeds its messages to its handlers. */
@Injectable()
export class ActorRuntime {
  private readonly logger = new Logger('ActorRuntime');

  constructor(
    private readonly registry: ActorRegistry,
    private readonly mailboxes: Mailboxes,
    private readonly inbox: Inbox,
    private readonly dataSource: DataSource,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  start(): void {
    for (const actor of this.registry.all()) {
      const mailbox = this.mailboxes.open(actor.definition);
      if (!this.options.runActors) continue;
      // `concurrency` counts messages in flight, whether they come one per job or many: as many jobs
      // as messages may be taken at once, and one limit shared by all of them.
      const concurrency = actor.definition.concurrency ?? this.options.mailboxConcurrency;
      const limit = pLimit(concurrency);
      void mailbox.process(concurrency, (job: Bull.Job<MailboxJob>) => this.handleJob(actor, job, limit));
      mailbox.on('failed', (job: Bull.Job<MailboxJob>, error: Error) => this.onFailed(actor, job, error));
    }
  }

  private async handleJob(actor: RegisteredActor, job: Bull.Job<MailboxJob>, limit: LimitFunction): Promise<void> {
    const name = actor.definition.name;
    const attempt = job.attemptsMade + 1;
    const guarded = actor.definition.idempotentHandlers === true;
    const handled = guarded
      ? new Set<string>()
      : await this.inbox.handledAmong(
          job.data.messages.map((message) => message.id),
          name,
        );
    // A message posted twice into one job (a relay retried after a crash) is handled once.
    const waiting = job.data.messages.filter((message) => !handled.has(message.id) && handled.add(message.id));
    const unclaimed: string[] = [];
    const failures: { message: EventEnvelope; error: Error }[] = [];
    const batches = new Map<string, EventEnvelope[]>();
    const singles: EventEnvelope[] = [];
    for (const message of waiting) {
      const handler = actor.handlers.get(message.type);
      if (!handler?.batch) {
        singles.push(message);
        continue;
      }
      const batch = batches.get(message.type) ?? [];
      batch.push(message);
      batches.set(message.type, batch);
    }
    const settle = async (messages: EventEnvelope[], run: () => Promise<boolean>) => {
      try {
        if (!(await run())) unclaimed.push(...messages.map((message) => message.id));
        for (const message of messages) messagesHandled.inc({ actor: name, event_type: message.type });
      } catch (error) {
        failures.push(...messages.map((message) => ({ message, error: error as Error })));
      }
    };
    await Promise.all([
      ...[...batches.values()].map((messages) => settle(messages, () => this.handleBatch(actor, messages, attempt, limit))),
      ...singles.map((message) => limit(() => settle([message], () => this.handle(actor, message, attempt)))),
    ]);
    if (!guarded) await this.inbox.record(unclaimed, name);
    if (failures.length > 0) throw new MessagesFailed(failures);
  }

  /** Runs one handler; true when it recorded the message itself (through context.transaction). */
  private async handle(actor: RegisteredActor, message: EventEnvelope, attempt: number): Promise<boolean> {
    const name = actor.definition.name;
    const handler = actor.handlers.get(message.type);
    if (!handler || handler.batch) throw new Error(`actor ${name} has no handler for ${message.type}`);
    let claimed = false;
    const context: MessageContext = {
      actor: name,
      attempt,
      message,
      transaction: (work) =>
        this.dataSource.transaction(async (tx) => {
          await this.inbox.claim(tx, message.id, name);
          const result = await work(tx);
          claimed = true;
          return result;
        }),
    };
    try {
      await handler.handle(message, context);
    } catch (error) {
      if (error instanceof MessageAlreadyHandled) return true;
      throw error;
    }
    return claimed;
  }

  /** Runs a batch handler on messages of one type; true when it recorded them itself. */
  private async handleBatch(actor: RegisteredActor, messages: EventEnvelope[], attempt: number, limit: LimitFunction): Promise<boolean> {
    const name = actor.definition.name;
    const handler = actor.handlers.get(messages[0].type);
    if (!handler?.batch) throw new Error(`actor ${name} has no batch handler for ${messages[0].type}`);
    let claimed = false;
    const context: BatchContext = {
      actor: name,
      attempt,
      limit: (work) => limit(work),
      transaction: (work) =>
        this.dataSource.transaction(async (tx) => {
          const fresh = await this.inbox.claimAll(
            tx,
            messages.map((message) => message.id),
            name,
          );
          const result = await work(tx, fresh);
          claimed = true;
          return result;
        }),
    };
    await handler.handle(messages, context);
    return claimed;
  }

  private onFailed(actor: RegisteredActor, job: Bull.Job<MailboxJob>, error: Error): void {
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts;
    const where = `${actor.definition.name} (attempt ${job.attemptsMade}/${attempts})`;
    if (!final) {
      this.logger.warn(`${where} will retry: ${error.message}`);
      return;
    }
    const failed = error instanceof MessagesFailed ? error.failures.map((failure) => failure.message) : job.data.messages;
    for (const message of failed) handlerFailures.inc({ actor: actor.definition.name, event_type: message.type });
    this.logger.error(`${where} failed for good, kept in the failed set of its mailbox: ${error.stack ?? error.message}`);
  }
}
