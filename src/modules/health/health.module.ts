import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { HealthController } from './health.controller.js';
import { PostgresIndicator } from './indicators/postgres.indicator.js';
import { RedisIndicator } from './indicators/redis.indicator.js';
import { S3Indicator } from './indicators/s3.indicator.js';
import { MetricsController } from './metrics.controller.js';
import { ReadinessProbe } from './readiness.js';

// Process metrics once per process, however many applications a test boots.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [PostgresIndicator, RedisIndicator, S3Indicator, ReadinessProbe],
})
export class HealthModule {}
