import type Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * The Redis connections of every doorbell of a process: one client and one subscriber shared by all, a blocking
 * client per queue. Bull leaves connections made by `createClient` to their maker: the kernel ends them once the
 * queues are closed.
 */
export class DoorbellConnections {
  private readonly connections: Redis[] = [];
  private sharedClient?: Redis;
  private sharedSubscriber?: Redis;

  constructor(private readonly redisUrl: string) {}

  /** Lost, not connecting: a command would only wait in memory for a Redis that may be gone for long. */
  get lost(): boolean {
    return !!this.sharedClient && ['reconnecting', 'close', 'end'].includes(this.sharedClient.status);
  }

  create(type: 'client' | 'subscriber' | 'bclient', config?: Bull.QueueOptions['redis']): Redis {
    const options = { ...(typeof config === 'object' ? config : {}), maxRetriesPerRequest: null, enableReadyCheck: false };
    const connect = (overrides: RedisOptions = {}) => {
      const connection = new Redis(this.redisUrl, { ...options, ...overrides });
      // Every doorbell sharing the connection listens to its errors: as many listeners as doorbells, not a leak.
      connection.setMaxListeners(0);
      this.connections.push(connection);
      return connection;
    };
    // Commands on the shared client fail after a few reconnects instead of queueing forever while Redis is away.
    if (type === 'client') return (this.sharedClient ??= connect({ maxRetriesPerRequest: 3 }));
    if (type === 'subscriber') return (this.sharedSubscriber ??= connect());
    return connect();
  }

  disconnect(): void {
    for (const connection of this.connections) connection.disconnect();
  }
}
