import { Global, Module } from '@nestjs/common';
import { RetryPolicy } from '../../domain/ports/retry-policy.js';
import { ScheduledRetries } from './application/scheduled-retries.js';

/** The retry schedule: when a document that was not accepted is tried again, or that it is exhausted. Exports the RetryPolicy port. */
@Global()
@Module({
  providers: [{ provide: RetryPolicy, useClass: ScheduledRetries }],
  exports: [RetryPolicy],
})
export class RetryModule {}
