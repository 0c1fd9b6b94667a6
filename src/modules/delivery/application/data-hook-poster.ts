import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WebhookSender } from '../../../../libs/webhook-sender/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { DeliveryTrigger } from '../../../domain/document.js';
import type { HookTarget } from '../../../domain/ports/hook-directory.js';
import { attemptError, isAccepted } from '../domain/attempt-outcome.js';
import type { AttemptRecord, StoredDocument } from '../domain/stored-document.js';
import { webhookBodyOf } from '../domain/webhook-body.js';

export interface PostedAttempt {
  record: AttemptRecord;
  accepted: boolean;
}

/** Makes one signed POST of a document to its data hook and describes it as an attempt to record. */
@Injectable()
export class DataHookPoster {
  constructor(
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {}

  /** `document.attempts` is the number taken for this attempt; `attemptedAt` the instant it was taken. */
  async post(document: StoredDocument, hook: HookTarget, trigger: DeliveryTrigger, scheduledAttempt: number | null, attemptedAt: Date): Promise<PostedAttempt> {
    const deliveryId = randomUUID();
    const result = await this.sender.send({
      url: hook.url,
      secret: hook.signingSecret,
      // Stable across attempts, so the receiver can deduplicate.
      messageId: document.id,
      body: JSON.stringify(webhookBodyOf(document)),
      headers: { 'x-delivery-id': deliveryId, 'x-delivery-attempt': String(document.attempts) },
    });
    const accepted = isAccepted(result.status, this.config.acceptedStatusCodes);
    return {
      accepted,
      record: {
        deliveryId,
        documentId: document.id,
        attempt: document.attempts,
        scheduledAttempt,
        trigger,
        hookId: hook.id,
        attemptedAt,
        responseStatus: result.status,
        responseDurationMs: result.durationMs,
        error: attemptError(result, accepted),
      },
    };
  }
}
