import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { RetryPolicy, type FailedAttempt, type RetryDecision } from '../../../domain/ports/retry-policy.js';
import { decideAfterFailure, type RetryRules } from '../domain/retry-decision.js';

/** The retry schedule of this deployment (RETRY_SCHEDULE, MAX_RETRY_AFTER), as Delivery asks for it after each failure. */
@Injectable()
export class ScheduledRetries extends RetryPolicy {
  private readonly rules: RetryRules;

  constructor(config: AppConfig) {
    super();
    this.rules = { scheduleMs: config.retryScheduleMs, maxRetryAfterMs: config.maxRetryAfterMs };
  }

  afterFailure(failure: FailedAttempt): RetryDecision {
    return decideAfterFailure(failure, this.rules);
  }
}
