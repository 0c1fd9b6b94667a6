import { Controller, Get, Header, Logger } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { register } from 'prom-client';
import { withTimeout } from '../../../libs/metrics/index.js';
import { DocMetrics } from './health.openapi.js';

/** A gauge that queries PostgreSQL or Redis gets this long; past it, the scrape goes on without that gauge. */
const COLLECT_TIMEOUT_MS = 1000;

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly logger = new Logger('Metrics');

  /** Prometheus text. Answers 200 while a dependency is down: a gauge that cannot be read is left out, not the scrape. */
  @Get()
  @DocMetrics()
  @Header('content-type', register.contentType)
  async metrics(): Promise<string> {
    const texts = await Promise.all(register.getMetricsAsArray().map(({ name }) => this.collect(name)));
    return `${texts.filter((text) => text !== undefined).join('\n\n')}\n`;
  }

  private async collect(name: string): Promise<string | undefined> {
    try {
      return await withTimeout(register.getSingleMetricAsString(name), COLLECT_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`metric ${name} left out of this scrape: ${(error as Error).message}`);
      return undefined;
    }
  }
}
