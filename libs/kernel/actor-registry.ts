import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ACTOR_METADATA, HANDLERS_METADATA, type ActorDefinition, type EventFilter, type HandlerDefinition } from './actor.decorators.js';
import type { EventEnvelope } from './envelope.js';
import { KernelConfigurationError } from './errors.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import type { BatchContext, MessageContext } from './message-context.js';

export type Handler =
  | { batch: false; handle: (event: EventEnvelope, context: MessageContext) => Promise<unknown> }
  | { batch: true; handle: (events: EventEnvelope[], context: BatchContext) => Promise<unknown> };

export interface RegisteredActor {
  definition: ActorDefinition;
  handlers: ReadonlyMap<string, Handler>;
}

/** Finds every @Actor provider and its handlers, and knows which actors subscribe to which event. */
@Injectable()
export class ActorRegistry {
  private readonly actors = new Map<string, RegisteredActor>();
  private readonly subscribers = new Map<string, { actor: string; when?: EventFilter }[]>();
  private discovered = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  /** Idempotent; the event bus calls it too, since a producer may publish before the kernel has booted. */
  discover(): void {
    if (this.discovered) return;
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const definition = Reflect.getMetadata(ACTOR_METADATA, wrapper.metatype) as ActorDefinition | undefined;
      if (definition) this.register(definition, instance, Reflect.getMetadata(HANDLERS_METADATA, wrapper.metatype) ?? []);
    }
    const unhandled = this.options.eventTypes.filter((type) => !this.subscribers.has(type) && !this.options.terminalEvents.includes(type));
    if (unhandled.length > 0) {
      throw new KernelConfigurationError(`no actor handles the event type(s) ${unhandled.join(', ')}, and they are not declared terminal`);
    }
    this.discovered = true;
  }

  all(): IterableIterator<RegisteredActor> {
    return this.actors.values();
  }

  /** The actors that want this event: they handle its type and their filter, if any, lets it through. */
  subscribersOf(event: EventEnvelope): string[] {
    return (this.subscribers.get(event.type) ?? [])
      .filter(({ when }) => !when || (when as (event: EventEnvelope) => boolean)(event))
      .map(({ actor }) => actor);
  }

  private register(definition: ActorDefinition, instance: object, declared: readonly HandlerDefinition[]): void {
    if (this.actors.has(definition.name)) throw new KernelConfigurationError(`two actors are named "${definition.name}"`);
    const rule = definition.retry ?? 'handler';
    if (!this.options.retryRules[rule]) throw new KernelConfigurationError(`actor "${definition.name}" follows the retry rule "${rule}", which the kernel was not given`);
    const handlers = new Map<string, Handler>();
    for (const { eventType, method, batch, when } of declared) {
      if (handlers.has(eventType)) throw new KernelConfigurationError(`actor "${definition.name}" has two handlers for "${eventType}"`);
      if (!this.options.eventTypes.includes(eventType)) throw new KernelConfigurationError(`actor "${definition.name}" handles "${eventType}", which is no known event type`);
      const fn = (instance as Record<string, (...args: never[]) => Promise<unknown>>)[method].bind(instance);
      handlers.set(eventType, { batch, handle: fn } as Handler);
      this.subscribers.set(eventType, [...(this.subscribers.get(eventType) ?? []), { actor: definition.name, when }]);
    }
    this.actors.set(definition.name, { definition, handlers });
  }
}
