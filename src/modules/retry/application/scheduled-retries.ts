import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import type { ReceiverAnswer } from '../../../domain/receiver-answer.js';
import { RetryPolicy, type FailedAttempt, type NotificationAttempt, type NotificationRetry, type RetryDecision } from '../../../domain/ports/retry-policy.js';
import { decideAfterNotificationAttempt, type NotificationRetryRules } from '../domain/notification-retry.js';
import { requestedPauseUntil } from '../domain/requested-pause.js';
import { decideAfterFailure, type RetryRules } from '../domain/retry-decision.js';

/** The retry schedules of this deployment (RETRY_SCHEDULE, NOTIFICATION_RETRY_SCHEDULE, MAX_RETRY_AFTER), as Delivery and Notification ask for them. */
@Injectable()
export class ScheduledRetries extends RetryPolicy {
  private readonly documents: RetryRules;
  private readonly notifications: NotificationRetryRules;

  constructor(config: AppConfig) {
    super();
    this.documents = { scheduleMs: config.retryScheduleMs, maxRetryAfterMs: config.maxRetryAfterMs };
    this.notifications = { scheduleMs: config.notificationRetryScheduleMs, maxRetryAfterMs: config.maxRetryAfterMs };
  }

  afterFailure(failure: FailedAttempt): RetryDecision {
    return decideAfterFailure(failure, this.documents);
  }

  afterNotificationAttempt(attempt: NotificationAttempt): NotificationRetry {
    return decideAfterNotificationAttempt(attempt, this.notifications);
  }

  requestedPause(answer: ReceiverAnswer, now: Date): Date | null {
    return requestedPauseUntil(answer, now, this.documents.maxRetryAfterMs);
  }
}
