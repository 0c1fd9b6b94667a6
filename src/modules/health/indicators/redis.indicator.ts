import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppConfig } from '../../../config/app-config.js';
import { quietly } from './probe.js';

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

  check() {
    return quietly(this.health, 'redis', this.health.check('redis').attempt(() => this.client.ping().then(() => undefined)));
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
