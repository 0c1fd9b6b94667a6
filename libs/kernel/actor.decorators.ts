import { Injectable, SetMetadata } from '@nestjs/common';
import type { EventEnvelope } from './envelope.js';
import type { BatchContext, MessageContext } from './message-context.js';

export const ACTOR_METADATA = 'kernel:actor';
export const HANDLERS_METADATA = 'kernel:handlers';

export interface ActorOptions {
  /** Messages handled at once per process; defaults to the kernel's mailboxConcurrency. */
  concurrency?: number;
  /** Which of KernelOptions.retryRules a failed message follows (default `handler`): its attempts and backoff. */
  retry?: string;
  /** How long a claim holds a message unrenewed (default: the kernel's leaseMs, LEASE_DURATION); renewed while its handler runs. */
  leaseMs?: number;
}

export interface ActorDefinition extends ActorOptions {
  name: string;
}

/** Which events of its type a handler wants; the others never become its messages. */
export type EventFilter = (event: never) => boolean;

export interface HandlerDefinition {
  eventType: string;
  method: string;
  /** Takes all the due messages of its type at once. */
  batch: boolean;
  when?: EventFilter;
}

export interface HandlerOptions<E = never> {
  when?: (event: E) => boolean;
}

/** Declares an actor: a provider with its own mailbox, whose handlers take event types. */
export function Actor(name: string, options: ActorOptions = {}): ClassDecorator {
  return (target) => {
    Injectable()(target);
    SetMetadata(ACTOR_METADATA, { name, ...options } satisfies ActorDefinition)(target);
  };
}

/**
 * A method decorator that accepts only a method callable as `handler`: a parameter typed for another event (or
 * payload) than the one named fails the build. Only `value` is checked, so the method may take fewer parameters.
 */
export type HandlerDecorator<Handler> = (target: object, property: string | symbol, descriptor: { value?: Handler }) => void;

/**
 * The handler decorators keyed to an event catalogue (`{ 'delivery.failed': Payload, … }`): a type that is
 * not in the catalogue, or an event removed from it, fails the build, and so does a handler whose event
 * parameter is not that type's envelope; a filter sees the event's payload.
 */
export function handlerDecorators<Catalogue>() {
  type Type = Extract<keyof Catalogue, string>;
  type Envelope<T extends Type> = EventEnvelope<T, Catalogue[T]>;
  return {
    /** Handles one message at a time: `(event, context: MessageContext)`. */
    On<T extends Type>(eventType: T, options: HandlerOptions<Envelope<T>> = {}): HandlerDecorator<(event: Envelope<T>, context: MessageContext) => unknown> {
      return declareHandler(eventType, false, options as HandlerOptions);
    },
    /** Handles every due message of its type at once: `(events, context: BatchContext)`, for hot paths. */
    OnBatch<T extends Type>(eventType: T, options: HandlerOptions<Envelope<T>> = {}): HandlerDecorator<(events: Envelope<T>[], context: BatchContext) => unknown> {
      return declareHandler(eventType, true, options as HandlerOptions);
    },
  };
}

function declareHandler(eventType: string, batch: boolean, { when }: HandlerOptions): HandlerDecorator<unknown> {
  return (target, property) => {
    const handlers: HandlerDefinition[] = Reflect.getMetadata(HANDLERS_METADATA, target.constructor) ?? [];
    Reflect.defineMetadata(HANDLERS_METADATA, [...handlers, { eventType, method: String(property), batch, when }], target.constructor);
  };
}
