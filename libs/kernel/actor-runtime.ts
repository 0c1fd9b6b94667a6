import { Inject, Injectable, Logger } from '@nestjs/common';
import type Bull from 'bull';
import { DataSource } from 'typeorm';
import { ActorRegistry, type RegisteredActor } from './actor-registry.js';
import type { EventEnvelope } from './envelope.js';
import { MessageAlreadyHandled } from './errors.js';
import { Inbox } from './inbox.js';
import { handlerFailures, messagesHandled } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { Mailboxes } from './mailboxes.js';
import type { MessageContext } from './message-context.js';

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
      const concurrency = actor.definition.concurrency ?? this.options.mailboxConcurrency;
      void mailbox.process(concurrency, (job: Bull.Job<EventEnvelope>) => this.handle(actor, job));
      mailbox.on('failed', (job: Bull.Job<EventEnvelope>, error: Error) => this.onFailed(actor, job, error));
    }
  }

  private async handle(actor: RegisteredActor, job: Bull.Job<EventEnvelope>): Promise<void> {
    const message = job.data;
    const name = actor.definition.name;
    const handler = actor.handlers.get(message.type);
    if (!handler) throw new Error(`actor ${name} has no handler for ${message.type}`);
    if (await this.inbox.wasHandled(message.id, name)) return;

    let claimed = false;
    const context: MessageContext = {
      actor: name,
      attempt: job.attemptsMade + 1,
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
      await handler(message, context);
    } catch (error) {
      if (error instanceof MessageAlreadyHandled) return;
      throw error;
    }
    if (!claimed) await this.inbox.record(message.id, name);
    messagesHandled.inc({ actor: name, event_type: message.type });
  }

  private onFailed(actor: RegisteredActor, job: Bull.Job<EventEnvelope>, error: Error): void {
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts;
    const where = `${actor.definition.name} on ${job.data.type} ${job.data.id} (attempt ${job.attemptsMade}/${attempts})`;
    if (!final) {
      this.logger.warn(`${where} failed, will retry: ${error.message}`);
      return;
    }
    handlerFailures.inc({ actor: actor.definition.name, event_type: job.data.type });
    this.logger.error(`${where} failed for good, kept in the failed set of its mailbox: ${error.stack ?? error.message}`);
  }
}
