import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './tracing.js';

/** Spans still buffered are exported before the process exits. */
@Module({})
export class TelemetryModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}
