import { Injectable } from '@nestjs/common';
import { WebhookSender } from '../../../../../libs/webhook-sender/index.js';
import { AppConfig } from '../../../../config/app-config.js';
import { inSpan, SpanStatusCode } from '../../../../infrastructure/telemetry/tracing.js';
import type { DeliveryTrigger } from '../../../../domain/document.js';
import type { HookTarget } from '../../../../domain/ports/hook-directory.js';
import { isAccepted, type ReceiverAnswer } from '../../../../domain/receiver-answer.js';
import { attemptError } from '../domain/attempt-outcome.js';
import type { AttemptRecord, BodySource } from '../domain/ledger-document.js';
import { webhookBodyText } from '../domain/webhook-body.js';
import { attemptDuration, attemptsMade } from './delivery.metrics.js';
import { DELIVERY_SPAN, deliverySpan } from './delivery-spans.js';
import { newId } from '../../../../domain/ids.js';

export interface PostedAttempt {
  record: AttemptRecord;
  accepted: boolean;
  answer: ReceiverAnswer;
  /** Stopped before an answer because the work was taken over: not an attempt to record. */
  cancelled: boolean;
}

/** What is sent, and under which numbers. */
export interface Sending {
  /** With its ingest span's traceparent, which the POST's span continues or links to. */
  document: BodySource & { traceParent: string | null };
  /** This attempt's number over all attempts of the document (x-delivery-attempt). */
  attempt: number;
  /** 1 initial, 2.. retries; null for resends and redeliveries. */
  scheduledAttempt: number | null;
  trigger: DeliveryTrigger;
}

/** Makes one signed POST of a document to its data hook and describes it as an attempt to record. */
@Injectable()
export class DataHookPoster {
  constructor(
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {}

  async post(hook: HookTarget, { document, attempt, scheduledAttempt, trigger }: Sending, signal?: AbortSignal): Promise<PostedAttempt> {
    const deliveryId = newId();
    const attemptedAt = new Date();
    const span = () => deliverySpan({ documentId: document.id, traceParent: document.traceParent, trigger, hookId: hook.id, deliveryId, attempt });
    const { result, accepted } = await inSpan(DELIVERY_SPAN, span, async (active) => {
      // Sent inside the span: the HTTP instrumentation adds the W3C traceparent header of this trace.
      const result = await this.sender.send({
        url: hook.url,
        secrets: hook.signingSecrets,
        // Stable across attempts, so the receiver can deduplicate.
        messageId: document.id,
        body: webhookBodyText(document),
        headers: { 'x-delivery-id': deliveryId, 'x-delivery-attempt': String(attempt) },
        signal,
      });
      const accepted = isAccepted(result.status, this.config.acceptedStatusCodes);
      if (!accepted) active.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? 'unaccepted_status' });
      return { result, accepted };
    });
    const cancelled = result.error === 'cancelled';
    if (!cancelled) {
      attemptsMade.inc({ environment: document.environment, trigger, outcome: accepted ? 'accepted' : 'failed' });
      attemptDuration.observe({ environment: document.environment }, result.durationMs / 1000);
    }
    return {
      accepted,
      cancelled,
      answer: { status: result.status, retryAfter: result.retryAfter },
      record: {
        deliveryId,
        documentId: document.id,
        documentCreatedAt: document.createdAt,
        attempt,
        scheduledAttempt,
        trigger,
        hookId: hook.id,
        attemptedAt,
        responseStatus: result.status,
        responseDurationMs: result.durationMs,
        error: attemptError(result, accepted),
        accepted,
      },
    };
  }
}
