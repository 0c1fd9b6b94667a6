import { Global, Module } from '@nestjs/common';
import { AlarmClocks } from '../../domain/ports/alarm-clocks.js';
import { Backoffs } from '../../domain/ports/backoffs.js';
import { RetryPolicy } from '../../domain/ports/retry-policy.js';
import { BackoffPolicy } from './application/backoff-policy.js';
import { ScheduledRetries } from './application/scheduled-retries.js';
import { BullAlarmClocks } from './infrastructure/bull-alarm-clocks.js';

/**
 * Every retry rule: when a document or a notification a receiver did not accept is tried again (the schedules,
 * Retry-After) or is exhausted, and how our own failed work backs off (handlers, doorbell jobs, storage, jobs); and
 * the alarm clocks (Bull delayed jobs) that wake the ledger and the jobs at the times those rules chose. Exports the
 * RetryPolicy, Backoffs and AlarmClocks ports; the kernel gets the backoff rules through its options and keeps the
 * alarms of its own mailboxes (a handler's retry, a delayed message), since it is a library below the modules.
 */
@Global()
@Module({
  providers: [
    { provide: RetryPolicy, useClass: ScheduledRetries },
    { provide: Backoffs, useClass: BackoffPolicy },
    { provide: AlarmClocks, useClass: BullAlarmClocks },
  ],
  exports: [RetryPolicy, Backoffs, AlarmClocks],
})
export class RetryModule {}
