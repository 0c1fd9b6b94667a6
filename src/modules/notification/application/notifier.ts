import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus, type MessageContext } from '../../../../libs/kernel/index.js';
import { WebhookSender, type SendResult } from '../../../../libs/webhook-sender/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import { createEvent, type DomainEvent, type EventCatalogue } from '../../../domain/events.js';
import type { NotificationCategory } from '../../../domain/notification.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';
import { NotificationPreferences } from '../../../domain/ports/notification-preferences.js';
import { outcomeOfAttempt } from '../domain/attempt-outcome.js';
import { notificationBody } from '../domain/notification.js';
import { notificationFor, type NotifiedEventType } from '../domain/notification-for-event.js';
import { NotificationLog, type NewNotification, type NotificationChange } from '../infrastructure/notification-log.js';
import type { NotificationRecord } from '../infrastructure/notification.entity.js';

type Target = { hook: HookTarget } | { skipped: string };
type RetryDue = EventCatalogue['notification.retry_due'] & { at: Date };

/**
 * Tells a client what happened, through its notification hook, signed with that hook's secret.
 * The POST happens before the message transaction records it: a crash in between sends the same
 * notification (same id, same webhook-id) again, never loses it.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly bus: EventBus,
    private readonly sender: WebhookSender,
    private readonly hooks: HookDirectory,
    private readonly preferences: NotificationPreferences,
    private readonly log: NotificationLog,
    private readonly config: AppConfig,
  ) {}

  async notify(event: DomainEvent<NotifiedEventType>, context: MessageContext): Promise<void> {
    const draft = notificationFor(event);
    if (!draft) return;
    const notification: NewNotification = {
      // The event's id: one fact, one notification, whichever way it is retried.
      id: event.id,
      clientId: draft.clientId,
      environment: draft.environment,
      type: draft.type,
      category: draft.category,
      body: JSON.stringify(notificationBody(event.id, draft, event.occurredAt)),
      status: 'skipped',
      hookId: null,
      attempts: 0,
      firstAttemptedAt: null,
      lastAttemptedAt: null,
      nextAttemptAt: null,
      lastResponseStatus: null,
      lastError: null,
    };
    const target = await this.targetFor(draft.clientId, draft.environment, draft.category);
    if ('skipped' in target) {
      await context.transaction((tx) => this.log.insert(tx, { ...notification, lastError: target.skipped }));
      return;
    }
    const attemptedAt = new Date();
    const result = await this.send(target.hook, notification, 1);
    const attempt = this.attemptOf({ ...notification, firstAttemptedAt: attemptedAt }, 1, attemptedAt, target.hook, result);
    await context.transaction(async (tx) => {
      await this.log.insert(tx, { ...notification, firstAttemptedAt: attemptedAt, ...attempt.change });
      await this.scheduleNext(tx, event, attempt.retryDue);
    });
  }

  async retry(event: DomainEvent<'notification.retry_due'>, context: MessageContext): Promise<void> {
    const { notificationId, attempt } = event.payload;
    const notification = await this.log.find(notificationId);
    // Settled meanwhile, or this attempt was already made.
    if (notification?.status !== 'pending' || notification.attempts !== attempt - 1) return;
    const target = await this.targetFor(notification.clientId, notification.environment, notification.category);
    if ('skipped' in target) {
      await context.transaction((tx) => this.log.update(tx, notification.id, { status: 'skipped', nextAttemptAt: null, lastError: target.skipped }));
      return;
    }
    const attemptedAt = new Date();
    const result = await this.send(target.hook, notification, attempt);
    const made = this.attemptOf(notification, attempt, attemptedAt, target.hook, result);
    await context.transaction(async (tx) => {
      await this.log.update(tx, notification.id, made.change);
      await this.scheduleNext(tx, event, made.retryDue);
    });
  }

  /** Checked at every attempt: a category turned off or a hook removed meanwhile stops the retries. */
  private async targetFor(clientId: string, environment: Environment, category: NotificationCategory): Promise<Target> {
    if (!(await this.preferences.isEnabled(clientId, environment, category))) {
      return { skipped: `${category} notifications are turned off` };
    }
    const hook = await this.hooks.find(clientId, environment, 'notification');
    return hook ? { hook } : { skipped: `no notification hook in ${environment}` };
  }

  private send(hook: HookTarget, notification: Pick<NotificationRecord, 'id' | 'body'>, attempt: number): Promise<SendResult> {
    return this.sender.send({
      url: hook.url,
      secret: hook.signingSecret,
      messageId: notification.id,
      body: notification.body,
      headers: { 'x-notification-attempt': String(attempt) },
    });
  }

  /** What an attempt changes on the notification, and the retry it calls for, if any. */
  private attemptOf(
    notification: Pick<NotificationRecord, 'id' | 'firstAttemptedAt'>,
    attempt: number,
    attemptedAt: Date,
    hook: HookTarget,
    result: SendResult,
  ): { change: NotificationChange; retryDue: RetryDue | null } {
    const accepted = result.status !== null && this.config.acceptedStatusCodes.includes(result.status);
    const outcome = outcomeOfAttempt(accepted, attempt, notification.firstAttemptedAt ?? attemptedAt, this.config.notificationRetryScheduleMs);
    return {
      change: {
        status: outcome.status,
        hookId: hook.id,
        attempts: attempt,
        lastAttemptedAt: attemptedAt,
        nextAttemptAt: outcome.nextAttemptAt,
        lastResponseStatus: result.status,
        lastError: accepted ? null : (result.errorMessage ?? `not accepted: answered ${result.status}`),
      },
      retryDue: outcome.nextAttemptAt ? { notificationId: notification.id, attempt: attempt + 1, at: outcome.nextAttemptAt } : null,
    };
  }

  private async scheduleNext(tx: EntityManager, cause: DomainEvent, due: RetryDue | null): Promise<void> {
    if (!due) return;
    const { at, ...payload } = due;
    await this.bus.publish(tx, createEvent('notification.retry_due', payload, { cause, deliverAt: at }));
  }
}
