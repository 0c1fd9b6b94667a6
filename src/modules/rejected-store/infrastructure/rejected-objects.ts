import { Injectable } from '@nestjs/common';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DataWebhookBody } from '../../../domain/document.js';
import { RejectedStorageUnavailable } from '../domain/errors.js';
import type { RejectedDocument } from '../domain/rejected-document.js';
import { rejectedPutSeconds } from './rejected-store.metrics.js';

type ObjectLocation = Pick<RejectedDocument, 'bucket' | 'key'>;

/** The rejected documents' objects in S3. Every call throws when S3 fails or is unreachable: callers retry. */
@Injectable()
export class RejectedObjects {
  constructor(private readonly s3: S3Client) {}

  async put(document: RejectedDocument, body: DataWebhookBody): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: document.bucket,
      Key: document.key,
      Body: serialize(body),
      ContentType: 'application/json',
      Metadata: {
        'document-id': document.documentId,
        'client-id': document.clientId,
        // S3 metadata travels as HTTP headers: ASCII only.
        'user-id': encodeURIComponent(document.userId),
        type: encodeURIComponent(document.type),
        'expires-at': document.expiresAt.toISOString(),
      },
    });
    const timer = rejectedPutSeconds.startTimer({ environment: document.environment });
    try {
      await this.s3.send(command);
      timer({ outcome: 'stored' });
    } catch (error) {
      timer({ outcome: 'failed' });
      throw new RejectedStorageUnavailable('store the document', error);
    }
  }

  /** The stored JSON text, or null when the object is gone. */
  async read(location: ObjectLocation): Promise<string | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return (await object.Body?.transformToString('utf8')) ?? null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw new RejectedStorageUnavailable('read the document', error);
    }
  }

  /** Deleting an object that is already gone succeeds: safe to repeat. */
  async delete(location: ObjectLocation): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
    } catch (error) {
      throw new RejectedStorageUnavailable('delete the document', error);
    }
  }
}

/** The webhook body, its fields in the contract's order (the outbox's jsonb does not keep key order). */
function serialize(body: DataWebhookBody): string {
  const { id, kind, type, environment, user_id, created_at, data, ...rest } = body;
  return JSON.stringify({ id, kind, type, environment, user_id, created_at, data, ...rest });
}
