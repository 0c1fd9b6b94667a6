import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import type { ObjectLocation } from '../../../domain/document.js';
import { RejectedBucket, type DocumentToStore, type KeptDocument, type RejectedRecord, type StoredObject } from '../../../domain/ports/rejected-bucket.js';
import { S3Buckets } from '../../../infrastructure/s3/s3-buckets.js';
import { S3_SOCKETS } from '../../../infrastructure/s3/s3.module.js';
import { expiryOf, objectKey } from '../domain/rejected-document.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RejectedRecords } from './ports/rejected-records.js';

/** Requests to S3 at once per process: enough to hide its latency, as many as the S3 client's sockets. */
export const WRITES_AT_ONCE = S3_SOCKETS;

/**
 * The RejectedBucket port, made of the module's objects (S3) and records (rows): where an exhausted document goes
 * (its environment's bucket, under its client, kind and day), for how long (the environment's retention), and the
 * record RejectedStore keeps of it.
 */
@Injectable()
export class RejectedBucketService extends RejectedBucket {
  private readonly writes = pLimit(WRITES_AT_ONCE);

  constructor(
    private readonly config: AppConfig,
    private readonly buckets: S3Buckets,
    private readonly objects: RejectedObjects,
    private readonly records: RejectedRecords,
  ) {
    super();
  }

  async store(documents: readonly DocumentToStore[]): Promise<{ stored: StoredObject[]; failed: { documentId: string; error: string }[] }> {
    const stored: StoredObject[] = [];
    const failed: { documentId: string; error: string }[] = [];
    await Promise.all(
      documents.map((document) =>
        this.writes(async () => {
          const storedAt = new Date();
          const object: StoredObject = {
            documentId: document.documentId,
            bucket: this.buckets.nameOf(document.environment),
            key: objectKey(document, storedAt),
            storedAt,
            expiresAt: expiryOf(storedAt, this.config.retentionMs[document.environment]),
          };
          try {
            await this.objects.put(document, object);
            stored.push(object);
          } catch (error) {
            failed.push({ documentId: document.documentId, error: (error as Error).message });
          }
        }),
      ),
    );
    return { stored, failed };
  }

  keep(tx: EntityManager, documents: readonly KeptDocument[]): Promise<void> {
    return this.records.keep(tx, documents);
  }

  whereabouts(documentIds: readonly string[]): Promise<Map<string, RejectedRecord>> {
    return this.records.whereabouts(documentIds);
  }

  read(location: ObjectLocation): Promise<string | null> {
    return this.objects.read(location);
  }

  remove(location: ObjectLocation): Promise<void> {
    return this.objects.delete(location);
  }
}
