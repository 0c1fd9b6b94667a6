import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppConfig } from '../../../config/app-config.js';
import { withTimeout } from './with-timeout.js';

@Injectable()
export class RedisIndicator implements OnModuleDestroy {
  // No offline queue: while Redis is away a ping fails at once instead of waiting for a reconnect.
  private readonly client = new Redis(this.config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.client.on('error', () => undefined);
    this.client.connect().catch(() => undefined);
  }

  async check() {
    const indicator = this.health.check('redis');
    try {
      await withTimeout(this.client.ping(), 2000);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
