import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource, type EntityManager } from 'typeorm';
import { EventBus, type MessageContext } from '../../../../libs/kernel/index.js';
import { WebhookSender, type SendResult } from '../../../../libs/webhook-sender/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import { createEvent, type DomainEvent, type EventCatalogue } from '../../../domain/events.js';
import type { NotificationCategory } from '../../../domain/notification.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';
import { NotificationPreferences } from '../../../domain/ports/notification-preferences.js';
import { isAccepted, isGone } from '../../../domain/receiver-answer.js';
import { outcomeOfAttempt } from '../domain/attempt-outcome.js';
import { notificationBody, userOf, type LoggedNotification } from '../domain/notification.js';
import { notificationsFor, type IdentifiedDraft, type NotifiedEventType } from '../domain/notification-for-event.js';
import { ErasedUsers } from './ports/erased-users.js';
import { NotificationLog, type NotificationChange } from './ports/notification-log.js';

type Target = { hook: HookTarget } | { skipped: string };
type MadeAttempt = { accepted: boolean; gone: boolean; change: NotificationChange; retryDue: RetryDue | null };

const SENDS_AT_ONCE = 16;

/** A notification as first recorded: not attempted yet, skipped until an attempt says otherwise. */
function newNotification(draft: IdentifiedDraft, occurredAt: string): LoggedNotification {
  return {
    id: draft.id,
    clientId: draft.clientId,
    environment: draft.environment,
    type: draft.type,
    category: draft.category,
    userId: userOf(draft),
    body: JSON.stringify(notificationBody(draft.id, draft, occurredAt)),
    status: 'skipped',
    hookId: null,
    attempts: 0,
    firstAttemptedAt: null,
    lastAttemptedAt: null,
    nextAttemptAt: null,
    lastResponseStatus: null,
    lastError: null,
  };
}
type RetryDue = EventCatalogue['notification.retry_due'] & { at: Date };

/**
 * Tells a client what happened, through its notification hook, signed with that hook's secret.
 * The POST happens before the message transaction records it: a crash in between sends the same
 * notification (same id, same webhook-id) again, never loses it.
 */
@Injectable()
export class Notifier {
  /** POSTs of one fact's notifications at once: a round may tell of a hundred documents. */
  private readonly sends = pLimit(SENDS_AT_ONCE);

  constructor(
    private readonly bus: EventBus,
    private readonly sender: WebhookSender,
    private readonly hooks: HookDirectory,
    private readonly preferences: NotificationPreferences,
    private readonly log: NotificationLog,
    private readonly erasedUsers: ErasedUsers,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Every notification a fact becomes: all skipped together, or each sent to the client's notification hook. */
  async notify(event: DomainEvent<NotifiedEventType>, context: MessageContext): Promise<void> {
    // A user erased since the fact occurred is not told about, nor recorded.
    const notifications = await this.dataSource.transaction((tx) =>
      this.notErased(
        tx,
        notificationsFor(event).map((draft) => newNotification(draft, event.occurredAt)),
        event,
      ),
    );
    if (notifications.length === 0) return;
    // One fact is about one client, one environment and one category.
    const { clientId, environment, category } = notifications[0];
    const target = await this.targetFor(clientId, environment, category);
    if ('skipped' in target) {
      await context.transaction(async (tx) =>
        this.log.insert(tx, (await this.notErased(tx, notifications, event)).map((notification) => ({ ...notification, lastError: target.skipped }))),
      );
      return;
    }
    const attempts = await Promise.all(
      notifications.map((notification) =>
        this.sends(async () => {
          const attemptedAt = new Date();
          const result = await this.send(target.hook, notification, 1);
          return { notification, attempt: this.attemptOf({ ...notification, firstAttemptedAt: attemptedAt }, 1, attemptedAt, target.hook, result), attemptedAt };
        }),
      ),
    );
    await context.transaction(async (tx) => {
      const kept = new Set(await this.notErased(tx, notifications, event));
      const recorded = attempts.filter(({ notification }) => kept.has(notification));
      await this.log.insert(
        tx,
        recorded.map(({ notification, attempt, attemptedAt }) => ({ ...notification, firstAttemptedAt: attemptedAt, ...attempt.change })),
      );
      for (const { attempt } of recorded) await this.scheduleNext(tx, event, attempt.retryDue);
      await this.tellHealth(tx, target.hook, attempts.map(({ attempt }) => attempt), event);
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
      await this.tellHealth(tx, target.hook, [made], event);
    });
  }

  /** Those not about a user whose erasure covers the fact (in the recording transaction, which then holds the erasure off). */
  private async notErased(tx: EntityManager, notifications: readonly LoggedNotification[], event: DomainEvent): Promise<LoggedNotification[]> {
    const users = notifications.flatMap((notification) => (notification.userId === null ? [] : [notification.userId]));
    if (users.length === 0) return [...notifications];
    const erased = await this.erasedUsers.erasedAmong(tx, notifications[0].clientId, users, new Date(event.occurredAt));
    return notifications.filter((notification) => notification.userId === null || !erased.has(notification.userId));
  }

  /** Checked at every attempt: a category turned off or a hook removed meanwhile stops the retries. */
  private async targetFor(clientId: string, environment: Environment, category: NotificationCategory): Promise<Target> {
    if (!(await this.preferences.isEnabled(clientId, environment, category))) {
      return { skipped: `${category} notifications are turned off` };
    }
    const hook = await this.hooks.find(clientId, environment, 'notification');
    if (!hook) return { skipped: `no notification hook in ${environment}` };
    return hook.status === 'Suspended' ? { skipped: 'the notification hook is suspended' } : { hook };
  }

  private send(hook: HookTarget, notification: Pick<LoggedNotification, 'id' | 'body'>, attempt: number): Promise<SendResult> {
    return this.sender.send({
      url: hook.url,
      secrets: hook.signingSecrets,
      messageId: notification.id,
      body: notification.body,
      headers: { 'x-notification-attempt': String(attempt) },
    });
  }

  /** What an attempt changes on the notification, and the retry it calls for, if any. */
  private attemptOf(
    notification: Pick<LoggedNotification, 'id' | 'firstAttemptedAt'>,
    attempt: number,
    attemptedAt: Date,
    hook: HookTarget,
    result: SendResult,
  ): MadeAttempt {
    const accepted = isAccepted(result.status, this.config.acceptedStatusCodes);
    const gone = isGone({ status: result.status, retryAfter: result.retryAfter });
    // 410 Gone: the receiver will not accept again, so no retry; the hook is suspended.
    const outcome = gone ? ({ status: 'failed', nextAttemptAt: null } as const) : outcomeOfAttempt(accepted, attempt, notification.firstAttemptedAt ?? attemptedAt, this.config.notificationRetryScheduleMs);
    return {
      accepted,
      gone,
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

  /** A receiver that said 410 is suspended; a Restarting one that accepted is Active again (Clients decides). */
  private async tellHealth(tx: EntityManager, hook: HookTarget, attempts: readonly MadeAttempt[], cause: DomainEvent): Promise<void> {
    const facts = { hookId: hook.id, clientId: hook.clientId, environment: hook.environment };
    if (attempts.some((attempt) => attempt.gone)) await this.bus.publish(tx, createEvent('receiver.gone', facts, { cause }));
    else if (hook.status === 'Restarting' && attempts.some((attempt) => attempt.accepted)) await this.bus.publish(tx, createEvent('receiver.accepted', facts, { cause }));
  }

  private async scheduleNext(tx: EntityManager, cause: DomainEvent, due: RetryDue | null): Promise<void> {
    if (!due) return;
    const { at, ...payload } = due;
    await this.bus.publish(tx, createEvent('notification.retry_due', payload, { cause, deliverAt: at }));
  }
}
