import { BullModule, type BullRootModuleOptions } from '@nestjs/bull';
import type { DynamicModule, Type } from '@nestjs/common';
import { ACTOR_METADATA, type ActorDefinition } from './actor.decorators.js';
import { cappedExponentialBackoff } from './backoff.js';
import { mailboxOf } from './event-bus.js';
import type { DoorbellConnections } from './doorbell-connections.js';
import type { KernelOptions } from './kernel.options.js';

/** What every doorbell queue shares (BullModule.forRootAsync): the Redis prefix, the shared connections, and job options built once. */
export function doorbellQueueDefaults(options: KernelOptions, connections: DoorbellConnections): BullRootModuleOptions {
  const retry = options.retryRules.doorbell;
  return {
    prefix: options.redisPrefix,
    createClient: (type, config) => connections.create(type, config),
    // A failed job only delays: its rows stay due, and the reconciler rings again. Retried by the kernel's one backoff formula.
    settings: { backoffStrategies: { doorbell: (attemptsMade: number) => cappedExponentialBackoff(attemptsMade, retry.firstMs, retry.maxMs) } },
    defaultJobOptions: {
      attempts: retry.attempts,
      backoff: { type: 'doorbell' },
      removeOnComplete: true,
      removeOnFail: { age: Math.ceil(options.historyRetentionMs / 1000) },
    },
  };
}

/** Declares doorbell queues by name (a module's own doorbell, a job table's): the kernel finds each by its queue token. */
export function declareDoorbells(...names: string[]): DynamicModule {
  return BullModule.registerQueue(...names.map((name) => ({ name })));
}

/** Declares the mailbox doorbell of each actor: an actor whose mailbox is not declared fails the start. */
export function declareMailboxes(...actors: Type[]): DynamicModule {
  return declareDoorbells(
    ...actors.map((actor) => {
      const definition = Reflect.getMetadata(ACTOR_METADATA, actor) as ActorDefinition | undefined;
      if (!definition) throw new Error(`${actor.name} is not an @Actor`);
      return mailboxOf(definition.name);
    }),
  );
}
