import { AppConfig } from '../../../config/app-config.js';
import { createEvent, type DomainEvent } from '../../../domain/events.js';
import type { EntityManager } from 'typeorm';
import { Actor, EventBus, On, OnBatch, type BatchContext, type MessageContext } from '../../../../libs/kernel/index.js';
import { nextHookHealth, type DeliveryOutcome } from '../domain/hook-health.js';
import { HookHealthRepository } from '../infrastructure/hook-health.repository.js';
import { TypeOrmHookDirectory } from '../infrastructure/typeorm-hook-directory.js';

/** Keeps each data hook's status and consecutive failure count in step with its deliveries. */
@Actor('hook-health')
export class HookHealthActor {
  constructor(
    private readonly hooks: HookHealthRepository,
    private readonly directory: TypeOrmHookDirectory,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  @On('delivery.exhausted')
  async countExhaustedDocument(event: DomainEvent<'delivery.exhausted'>, context: MessageContext): Promise<void> {
    if (event.payload.hookId === null) return;
    await this.apply(event.payload.hookId, { kind: 'exhausted', reason: event.payload.reason }, event, context);
  }

  @On('delivery.failed')
  suspendFailedRestart(event: DomainEvent<'delivery.failed'>, context: MessageContext): Promise<void> {
    return this.apply(event.payload.hookId, { kind: 'failed', trigger: event.payload.trigger }, event, context);
  }

  /**
   * Every accepted delivery comes here, so successes are taken a batch at a time: one read per hook,
   * and on a healthy hook nothing more.
   */
  @OnBatch('delivery.succeeded')
  async resetAfterSuccess(events: DomainEvent<'delivery.succeeded'>[], context: BatchContext): Promise<void> {
    const lastPerHook = new Map(events.map((event) => [event.payload.hookId, event]));
    const changing: DomainEvent<'delivery.succeeded'>[] = [];
    for (const [hookId, event] of lastPerHook) {
      const seen = await this.hooks.read(hookId);
      if (seen && nextHookHealth(seen, { kind: 'succeeded', trigger: event.payload.trigger }, this.config.suspendAfter).changed) changing.push(event);
    }
    if (changing.length === 0) return;
    const transitions = await context.transaction(async (tx, claimed) => {
      const fresh = changing.filter((event) => events.some((e) => e.payload.hookId === event.payload.hookId && claimed.has(e.id)));
      const done = [];
      for (const event of fresh) done.push(await this.change(tx, event.payload.hookId, { kind: 'succeeded', trigger: event.payload.trigger }, event));
      return done;
    });
    for (const transition of transitions) if (transition?.statusChanged) this.directory.forget(transition.clientId);
  }

  /**
   * Most outcomes change nothing (a success on a healthy hook): those are decided on an unlocked
   * read, so the hot path takes no row lock. A change is decided again on the locked row.
   */
  private async apply(hookId: string, outcome: DeliveryOutcome, event: DomainEvent, context: MessageContext): Promise<void> {
    const seen = await this.hooks.read(hookId);
    if (!seen || !nextHookHealth(seen, outcome, this.config.suspendAfter).changed) return;
    const transition = await context.transaction((tx) => this.change(tx, hookId, outcome, event));
    if (transition?.statusChanged) this.directory.forget(transition.clientId);
  }

  /** Decides again on the locked row, saves the change and publishes the transition, in the caller's transaction. */
  private async change(tx: EntityManager, hookId: string, outcome: DeliveryOutcome, event: DomainEvent) {
    const hook = await this.hooks.lock(tx, hookId);
    if (!hook) return null;
    const decision = nextHookHealth(hook, outcome, this.config.suspendAfter);
    if (!decision.changed) return null;
    await this.hooks.save(tx, hookId, decision.next);
    const facts = { hookId, clientId: hook.clientId, environment: hook.environment };
    if (decision.transition === 'suspended') await this.bus.publish(tx, createEvent('hook.suspended', facts, { cause: event }));
    if (decision.transition === 'restored') await this.bus.publish(tx, createEvent('hook.restored', facts, { cause: event }));
    return { clientId: hook.clientId, statusChanged: decision.transition !== null };
  }
}
