import { Injectable } from '@nestjs/common';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type StorageClass } from '@aws-sdk/client-s3';
import { AppConfig } from '../../../config/app-config.js';
import type { DocumentHeader, ObjectLocation } from '../../../domain/document.js';
import type { DocumentToStore, StoredObject } from '../../../domain/ports/rejected-bucket.js';
import { encryptionParams } from '../../../infrastructure/s3/server-side-encryption.js';
import { RejectedObjects } from '../application/ports/rejected-objects.js';
import { rejectedPutSeconds } from '../application/rejected-store.metrics.js';
import { RejectedStorageUnavailable } from '../domain/errors.js';

/** The rejected documents' objects in S3. Every call throws when S3 fails or is unreachable: callers retry. */
@Injectable()
export class S3RejectedObjects implements RejectedObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly config: AppConfig,
  ) {}

  /** The webhook body, exactly as delivered, with the document's facts as metadata. */
  async put(document: DocumentToStore, object: StoredObject): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: object.bucket,
      Key: object.key,
      Body: document.body,
      ContentType: 'application/json',
      ...encryptionParams(this.config),
      Metadata: metadataOf(document, object.expiresAt),
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
      if (isMissing(error)) return null;
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

  /**
   * Copies an object with the document's facts as its metadata (kept until `expiresAt`), in a storage class if
   * given. False when the source is gone. Copying again writes the same object: safe to repeat.
   */
  async copy(from: ObjectLocation, to: ObjectLocation, document: DocumentHeader, expiresAt: Date, storageClass?: string): Promise<boolean> {
    try {
      await this.s3.send(
        new CopyObjectCommand({
          CopySource: `${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`,
          Bucket: to.bucket,
          Key: to.key,
          MetadataDirective: 'REPLACE',
          ContentType: 'application/json',
          Metadata: metadataOf(document, expiresAt),
          ...(storageClass ? { StorageClass: storageClass as StorageClass } : {}),
          ...encryptionParams(this.config),
        }),
      );
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw new RejectedStorageUnavailable('copy the document', error);
    }
  }

  async exists(location: ObjectLocation): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw new RejectedStorageUnavailable('look for the document', error);
    }
  }
}

/** The document's facts, as S3 metadata: HTTP headers, so ASCII only. */
function metadataOf(document: DocumentHeader, expiresAt: Date): Record<string, string> {
  return {
    'document-id': document.documentId,
    'client-id': document.clientId,
    'user-id': encodeURIComponent(document.userId),
    type: encodeURIComponent(document.type),
    'expires-at': expiresAt.toISOString(),
  };
}

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}
