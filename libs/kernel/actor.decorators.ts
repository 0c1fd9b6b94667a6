import { Injectable, SetMetadata } from '@nestjs/common';

export const ACTOR_METADATA = 'kernel:actor';
export const HANDLERS_METADATA = 'kernel:handlers';

export interface ActorOptions {
  /** Messages handled at once per process; defaults to the kernel's mailboxConcurrency. */
  concurrency?: number;
  /** Attempts per message before it is logged and counted as failed. */
  attempts?: number;
  /** First backoff delay; doubles on each attempt. */
  backoffMs?: number;
  /** Longest backoff delay (default 60 s). */
  maxBackoffMs?: number;
  /**
   * The handlers themselves make a copy of a message harmless (they check their own state, and write
   * only through context.transaction, which still claims the message): the kernel then skips its inbox
   * look-up before a job and its record after, two statements per job on a hot path.
   */
  idempotentHandlers?: boolean;
}

export interface ActorDefinition extends ActorOptions {
  name: string;
}

export interface HandlerDefinition {
  eventType: string;
  method: string;
  /** Takes all the waiting messages of its type in a mailbox job at once. */
  batch: boolean;
  when?: EventFilter;
}

/** Which events of its type a handler wants; the others never reach its mailbox. */
export type EventFilter = (event: never) => boolean;

export interface HandlerOptions {
  when?: EventFilter;
}

/** Declares an actor: a provider with its own mailbox, whose @On methods handle event types. */
export function Actor(name: string, options: ActorOptions = {}): ClassDecorator {
  return (target) => {
    Injectable()(target);
    SetMetadata(ACTOR_METADATA, { name, ...options } satisfies ActorDefinition)(target);
  };
}

/** Declares the event type a method of an actor handles, one message at a time. */
export function On(eventType: string, options: HandlerOptions = {}): MethodDecorator {
  return declareHandler(eventType, false, options);
}

/**
 * Declares the event type a method handles a batch at a time (`(events, context: BatchContext)`):
 * for hot paths, where one statement for many messages beats one per message.
 */
export function OnBatch(eventType: string, options: HandlerOptions = {}): MethodDecorator {
  return declareHandler(eventType, true, options);
}

function declareHandler(eventType: string, batch: boolean, { when }: HandlerOptions): MethodDecorator {
  return (target, property) => {
    const handlers: HandlerDefinition[] = Reflect.getMetadata(HANDLERS_METADATA, target.constructor) ?? [];
    Reflect.defineMetadata(HANDLERS_METADATA, [...handlers, { eventType, method: String(property), batch, when }], target.constructor);
  };
}
