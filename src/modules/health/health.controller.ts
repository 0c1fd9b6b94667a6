import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DocLive, DocReady } from './health.openapi.js';
import { ReadinessProbe } from './readiness.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessProbe,
  ) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @DocLive()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The process can do its job (an API process needs PostgreSQL; a worker PostgreSQL and Redis); the body names every dependency. */
  @Get('ready')
  @DocReady()
  async ready() {
    const { ready, body } = await this.readiness.probe();
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
  }
}
