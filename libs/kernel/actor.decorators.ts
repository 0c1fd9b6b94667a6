import { Injectable, SetMetadata } from '@nestjs/common';
import type { EventEnvelope } from './envelope.js';

export const ACTOR_METADATA = 'kernel:actor';
export const HANDLERS_METADATA = 'kernel:handlers';

export interface ActorOptions {
  /** Messages handled at once per process; defaults to the kernel's mailboxConcurrency. */
  concurrency?: number;
  /** Attempts per message before it is kept as failed. */
  attempts?: number;
  /** First backoff delay after a failure; doubles on each attempt. */
  backoffMs?: number;
  /** Longest backoff delay (default 60 s). */
  maxBackoffMs?: number;
  /** How long a worker holds a message before another may take it over (default 60 s). */
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
 * The handler decorators keyed to an event catalogue (`{ 'delivery.failed': Payload, … }`): a type that is
 * not in the catalogue, or an event removed from it, fails the build, and a filter sees the event's payload.
 */
export function handlerDecorators<Catalogue>() {
  type Type = Extract<keyof Catalogue, string>;
  return {
    /** Handles one message at a time: `(event, context: MessageContext)`. */
    On<T extends Type>(eventType: T, options: HandlerOptions<EventEnvelope<T, Catalogue[T]>> = {}): MethodDecorator {
      return declareHandler(eventType, false, options as HandlerOptions);
    },
    /** Handles every due message of its type at once: `(events, context: BatchContext)`, for hot paths. */
    OnBatch<T extends Type>(eventType: T, options: HandlerOptions<EventEnvelope<T, Catalogue[T]>> = {}): MethodDecorator {
      return declareHandler(eventType, true, options as HandlerOptions);
    },
  };
}

function declareHandler(eventType: string, batch: boolean, { when }: HandlerOptions): MethodDecorator {
  return (target, property) => {
    const handlers: HandlerDefinition[] = Reflect.getMetadata(HANDLERS_METADATA, target.constructor) ?? [];
    Reflect.defineMetadata(HANDLERS_METADATA, [...handlers, { eventType, method: String(property), batch, when }], target.constructor);
  };
}
