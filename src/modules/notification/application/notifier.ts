import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { EventBus, NotYet, type MessageContext } from '../../../../libs/kernel/index.js';
import { WebhookSender, type SendResult } from '../../../../libs/webhook-sender/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { Environment } from '../../../domain/environment.js';
import { createEvent, type DomainEvent, type EventCatalogue } from '../../../domain/events.js';
import type { NotificationCategory } from '../../../domain/notification.js';
import { HookDirectory, type HookTarget } from '../../../domain/ports/hook-directory.js';
import { HookGate, type Admission } from '../../../domain/ports/hook-gate.js';
import { NotificationPreferences } from '../../../domain/ports/notification-preferences.js';
import { RetryPolicy } from '../../../domain/ports/retry-policy.js';
import { isAccepted, isGone } from '../../../domain/receiver-answer.js';
import { notificationBody, userOf, type LoggedNotification } from '../domain/notification.js';
import { notificationsFor, type IdentifiedDraft, type NotifiedEventType } from '../domain/notification-for-event.js';
import { ErasedUsers } from './ports/erased-users.js';
import { NotificationLog, type NotificationChange } from './ports/notification-log.js';

type Target = { hook: HookTarget } | { skipped: string };
type MadeAttempt = { accepted: boolean; gone: boolean; pausedUntil: Date | null; change: NotificationChange; retryDue: RetryDue | null };

/** Every slot of the hook busy and no time given: ask the gate again this soon. */
const BUSY_RETRY_MS = 250;

/** A notification as first recorded: not attempted yet, skipped until an attempt says otherwise. */
function newNotification(draft: IdentifiedDraft, occurredAt: string, createdAt: Date): LoggedNotification {
  return {
    id: draft.id,
    createdAt,
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

/** The first attempt of a notification the gate did not admit with its fact's others: due at once, as its own message. */
function firstAttemptOf(notification: LoggedNotification): RetryDue {
  return { notificationId: notification.id, notificationCreatedAt: notification.createdAt.toISOString(), attempt: 1, at: new Date() };
}

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
    private readonly gate: HookGate,
    private readonly preferences: NotificationPreferences,
    private readonly log: NotificationLog,
    private readonly erasedUsers: ErasedUsers,
    private readonly retries: RetryPolicy,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Every notification a fact becomes: all skipped together, or each sent to the client's notification hook. */
  async notify(event: DomainEvent<NotifiedEventType>, context: MessageContext): Promise<void> {
    // A user erased since the fact occurred is not told about, nor recorded.
    const notifications = await this.dataSource.transaction((tx) =>
      this.notErased(
        tx,
        notificationsFor(event).map((draft) => newNotification(draft, event.occurredAt, new Date())),
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
    // The hook gate, as for data hooks: its pause, maxInFlight and rateLimit, across processes. A busy or paused
    // receiver makes this message wait (not charged an attempt) instead of holding a handler, so it delays only its client.
    const admission = await this.gate.admit(target.hook, notifications.length);
    if (admission.granted === 0) throw new NotYet(admission.retryAt ?? new Date(Date.now() + BUSY_RETRY_MS));
    const now = notifications.slice(0, admission.granted);
    const later = notifications.slice(admission.granted);
    const attempts = await this.sendAdmitted(target.hook, now.map((notification) => ({ notification, attempt: 1 })), admission, context.signal);
    context.signal.throwIfAborted();
    await context.transaction(async (tx) => {
      const kept = new Set(await this.notErased(tx, notifications, event));
      const recorded = attempts.filter(({ notification }) => kept.has(notification));
      // Those the gate did not admit now are recorded not attempted yet, their first attempt due at once: each its own message.
      const waiting = later.filter((notification) => kept.has(notification)).map((notification) => ({ ...notification, status: 'pending' as const, nextAttemptAt: new Date() }));
      await this.log.insert(tx, [...recorded.map(({ notification, made }) => ({ ...notification, ...made.change })), ...waiting]);
      for (const { made } of recorded) await this.scheduleNext(tx, event, made.retryDue);
      for (const notification of waiting) await this.scheduleNext(tx, event, firstAttemptOf(notification));
      await this.tellHealth(tx, target.hook, attempts.map(({ made }) => made), event);
    });
  }

  async retry(event: DomainEvent<'notification.retry_due'>, context: MessageContext): Promise<void> {
    const { notificationId, attempt, notificationCreatedAt } = event.payload;
    const notification = await this.log.find({ id: notificationId, createdAt: notificationCreatedAt ? new Date(notificationCreatedAt) : null });
    // Settled meanwhile, or this attempt was already made.
    if (notification?.status !== 'pending' || notification.attempts !== attempt - 1) return;
    const target = await this.targetFor(notification.clientId, notification.environment, notification.category);
    if ('skipped' in target) {
      await context.transaction((tx) => this.log.update(tx, notification, { status: 'skipped', nextAttemptAt: null, lastError: target.skipped }));
      return;
    }
    const admission = await this.gate.admit(target.hook, 1);
    if (admission.granted === 0) throw new NotYet(admission.retryAt ?? new Date(Date.now() + BUSY_RETRY_MS));
    const [{ made }] = await this.sendAdmitted(target.hook, [{ notification, attempt }], admission, context.signal);
    context.signal.throwIfAborted();
    await context.transaction(async (tx) => {
      await this.log.update(tx, notification, made.change);
      await this.scheduleNext(tx, event, made.retryDue);
      await this.tellHealth(tx, target.hook, [made], event);
    });
  }

  /** Sends what the gate admitted, each at the start its rate allows; a receiver that asked to wait pauses its hook. */
  private async sendAdmitted(
    hook: HookTarget,
    sends: readonly { notification: LoggedNotification; attempt: number }[],
    admission: Admission,
    signal: AbortSignal,
  ): Promise<{ notification: LoggedNotification; made: MadeAttempt }[]> {
    let made: { notification: LoggedNotification; made: MadeAttempt }[];
    try {
      await admission.keep(sends.length);
      const startsInMs = await admission.pace(sends.length);
      made = await Promise.all(
        sends.map(async ({ notification, attempt }, i) => {
          if (startsInMs[i] > 0) await sleep(startsInMs[i], undefined, { signal }).catch(() => undefined);
          const attemptedAt = new Date();
          const result = await this.send(hook, notification, attempt, signal);
          return { notification, made: this.attemptOf({ ...notification, firstAttemptedAt: notification.firstAttemptedAt ?? attemptedAt }, attempt, attemptedAt, hook, result) };
        }),
      );
    } finally {
      await admission.release();
    }
    const pauses = made.flatMap(({ made }) => (made.pausedUntil ? [made.pausedUntil.getTime()] : []));
    if (pauses.length > 0) await this.gate.pause(hook.id, new Date(pauses.reduce((latest, at) => Math.max(latest, at))));
    return made;
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

  private send(hook: HookTarget, notification: Pick<LoggedNotification, 'id' | 'body'>, attempt: number, signal: AbortSignal): Promise<SendResult> {
    return this.sender.send({
      url: hook.url,
      secrets: hook.signingSecrets,
      messageId: notification.id,
      body: notification.body,
      headers: { 'x-notification-attempt': String(attempt) },
      signal,
    });
  }

  /** What an attempt changes on the notification, and the retry it calls for, if any. */
  private attemptOf(
    notification: Pick<LoggedNotification, 'id' | 'createdAt' | 'firstAttemptedAt'>,
    attempt: number,
    attemptedAt: Date,
    hook: HookTarget,
    result: SendResult,
  ): MadeAttempt {
    const accepted = isAccepted(result.status, this.config.acceptedStatusCodes);
    const answer = { status: result.status, retryAfter: result.retryAfter };
    const gone = isGone(answer);
    const pausedUntil = this.retries.requestedPause(answer, attemptedAt);
    // Retry decides: 410 Gone ends the retries (the hook is suspended), a receiver that asked to wait is not called before then.
    const outcome = this.retries.afterNotificationAttempt({ accepted, attempt, firstAttemptAt: notification.firstAttemptedAt ?? attemptedAt, answer, at: attemptedAt });
    return {
      accepted,
      gone,
      pausedUntil,
      change: {
        status: outcome.status,
        hookId: hook.id,
        attempts: attempt,
        lastAttemptedAt: attemptedAt,
        nextAttemptAt: outcome.nextAttemptAt,
        lastResponseStatus: result.status,
        lastError: accepted ? null : (result.errorMessage ?? `not accepted: answered ${result.status}`),
      },
      retryDue: outcome.nextAttemptAt
        ? { notificationId: notification.id, notificationCreatedAt: notification.createdAt.toISOString(), attempt: attempt + 1, at: outcome.nextAttemptAt }
        : null,
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
