import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { PostgresIndicator } from './indicators/postgres.indicator.js';
import { RedisIndicator } from './indicators/redis.indicator.js';
import { S3Indicator } from './indicators/s3.indicator.js';
import { DocLive, DocReady } from './health.openapi.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PostgresIndicator,
    private readonly redis: RedisIndicator,
    private readonly s3: S3Indicator,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @DocLive()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Every dependency answers: PostgreSQL, Redis and S3. */
  @Get('ready')
  @DocReady()
  @HealthCheck()
  ready() {
    return this.health.check([() => this.postgres.check(), () => this.redis.check(), () => this.s3.check()]);
  }
}
