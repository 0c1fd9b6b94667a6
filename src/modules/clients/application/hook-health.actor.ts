import type { EntityManager } from 'typeorm';
import { Actor, EventBus, type BatchContext, type MessageContext } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import { createEvent, type DomainEvent } from '../../../domain/events.js';
import { On, OnBatch } from '../../../infrastructure/messaging/handlers.js';
import { nextHookHealth, type DeliveryOutcome } from '../domain/hook-health.js';
import { HookCache } from './ports/hook-cache.js';
import { HookStatuses } from './ports/hook-statuses.js';

/** Keeps each data hook's status and consecutive failure count in step with its deliveries. */
@Actor('hook-health')
export class HookHealthActor {
  constructor(
    private readonly hooks: HookStatuses,
    private readonly directory: HookCache,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  /** Each exhausted document counts one failure (410 Gone suspends at once). */
  @On('delivery.exhausted')
  async countExhaustedDocuments(event: DomainEvent<'delivery.exhausted'>, context: MessageContext): Promise<void> {
    const outcomes = event.payload.documents.map(({ reason }): DeliveryOutcome => ({ kind: 'exhausted', reason }));
    await this.apply(event.payload.hookId, outcomes, event, context);
  }

  /** 410 Gone suspends the hook at once, data or notification hook alike. */
  @On('receiver.gone')
  async suspendGoneReceiver(event: DomainEvent<'receiver.gone'>, context: MessageContext): Promise<void> {
    await this.apply(event.payload.hookId, [{ kind: 'gone' }], event, context);
  }

  /** A Restarting notification hook that accepted again is Active. */
  @On('receiver.accepted')
  async restoreAcceptingReceiver(event: DomainEvent<'receiver.accepted'>, context: MessageContext): Promise<void> {
    await this.apply(event.payload.hookId, [{ kind: 'succeeded', trigger: 'initial' }], event, context);
  }

  /** A failed scheduled attempt suspends a Restarting hook; resends and redeliveries never do. */
  @On('delivery.failed')
  async suspendFailedRestart(event: DomainEvent<'delivery.failed'>, context: MessageContext): Promise<void> {
    const outcomes = event.payload.documents.map(({ trigger }): DeliveryOutcome => ({ kind: 'failed', trigger }));
    await this.apply(event.payload.hookId, outcomes, event, context);
  }

  /**
   * Every round with an accepted delivery comes here, so they are taken a batch at a time: one read per hook,
   * and on a healthy hook nothing more.
   */
  @OnBatch('delivery.succeeded')
  async resetAfterSuccess(events: DomainEvent<'delivery.succeeded'>[], context: BatchContext): Promise<void> {
    const lastPerHook = new Map(events.map((event) => [event.payload.hookId, event]));
    const success = (event: DomainEvent<'delivery.succeeded'>): DeliveryOutcome => ({ kind: 'succeeded', trigger: event.payload.documents[0].trigger });
    const changing: DomainEvent<'delivery.succeeded'>[] = [];
    for (const [hookId, event] of lastPerHook) {
      const seen = await this.hooks.read(hookId);
      if (seen && nextHookHealth(seen, success(event), this.config.suspendAfter).changed) changing.push(event);
    }
    if (changing.length === 0) return;
    const transitions = await context.transaction(async (tx, claimed) => {
      const fresh = changing.filter((event) => events.some((e) => e.payload.hookId === event.payload.hookId && claimed.has(e.id)));
      const done = [];
      for (const event of fresh) done.push(await this.change(tx, event.payload.hookId, [success(event)], event));
      return done;
    });
    for (const transition of transitions) if (transition?.statusChanged) this.directory.forget(transition.clientId);
  }

  /**
   * Most outcomes change nothing (a success on a healthy hook): those are decided on an unlocked
   * read, so the hot path takes no row lock. A change is decided again on the locked row.
   */
  private async apply(hookId: string, outcomes: readonly DeliveryOutcome[], event: DomainEvent, context: MessageContext): Promise<void> {
    const seen = await this.hooks.read(hookId);
    if (!seen || !outcomes.some((outcome) => nextHookHealth(seen, outcome, this.config.suspendAfter).changed)) return;
    const transition = await context.transaction((tx) => this.change(tx, hookId, outcomes, event));
    if (transition?.statusChanged) this.directory.forget(transition.clientId);
  }

  /** Applies the outcomes in order on the locked row, saves the result and publishes the transition, in the caller's transaction. */
  private async change(tx: EntityManager, hookId: string, outcomes: readonly DeliveryOutcome[], event: DomainEvent) {
    const hook = await this.hooks.lock(tx, hookId);
    if (!hook) return null;
    const health = outcomes.reduce((current, outcome) => nextHookHealth(current, outcome, this.config.suspendAfter).next, {
      status: hook.status,
      consecutiveFailures: hook.consecutiveFailures,
    });
    if (health.status === hook.status && health.consecutiveFailures === hook.consecutiveFailures) return null;
    await this.hooks.save(tx, hookId, health);
    const facts = { hookId, clientId: hook.clientId, environment: hook.environment };
    const statusChanged = health.status !== hook.status;
    if (statusChanged && health.status === 'Suspended') await this.bus.publish(tx, createEvent('hook.suspended', facts, { cause: event }));
    if (statusChanged && health.status === 'Active') await this.bus.publish(tx, createEvent('hook.restored', facts, { cause: event }));
    return { clientId: hook.clientId, statusChanged };
  }
}
