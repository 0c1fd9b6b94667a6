import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { Gauge } from 'prom-client';
import { AppConfig } from '../../config/app-config.js';
import { PostgresIndicator } from './indicators/postgres.indicator.js';
import { RedisIndicator } from './indicators/redis.indicator.js';
import { S3Indicator } from './indicators/s3.indicator.js';

export const DEPENDENCIES = ['postgresql', 'redis', 's3'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

const dependencyUp = new Gauge({
  name: 'health_dependency_up',
  help: 'Whether this process reached each dependency at its last probe (1) or not (0)',
  labelNames: ['dependency'],
});

/** What a process needs to do its job: ingest needs PostgreSQL only; workers also need Redis (doorbells, the hook gate). */
export function requiredBy(role: AppConfig['role']): readonly Dependency[] {
  return role === 'api' ? ['postgresql'] : ['postgresql', 'redis'];
}

export interface Readiness {
  ready: boolean;
  /** In @nestjs/terminus's format: every dependency named with its state, whether this process needs it or not. */
  body: { status: 'ok' | 'error'; info: HealthIndicatorResult; error: HealthIndicatorResult; details: HealthIndicatorResult };
}

/**
 * Probes every dependency, at a readiness request and every METRICS_INTERVAL, so /metrics shows each one's state
 * even while nobody asks: a load balancer drains a process only when it cannot do its own job.
 */
@Injectable()
export class ReadinessProbe implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly postgres: PostgresIndicator,
    private readonly redis: RedisIndicator,
    private readonly s3: S3Indicator,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.probe(), this.config.metricsIntervalMs);
    void this.probe();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async probe(): Promise<Readiness> {
    const results = await Promise.all([this.postgres.check(), this.redis.check(), this.s3.check()]);
    const details: HealthIndicatorResult = Object.assign({}, ...results);
    const up = (dependency: Dependency) => details[dependency]?.status === 'up';
    for (const dependency of DEPENDENCIES) dependencyUp.set({ dependency }, up(dependency) ? 1 : 0);
    const pick = (keep: (dependency: Dependency) => boolean) => Object.fromEntries(DEPENDENCIES.filter(keep).map((dependency) => [dependency, details[dependency]]));
    const ready = requiredBy(this.config.role).every(up);
    return { ready, body: { status: ready ? 'ok' : 'error', info: pick(up), error: pick((dependency) => !up(dependency)), details } };
  }
}
