import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { AppConfig } from '../../../config/app-config.js';
import type { ObjectLocation } from '../../../domain/document.js';
import type { ErasedDocument } from '../../../domain/ports/document-erasure.js';
import { RejectedBucket, type DocumentToStore, type StoredObject } from '../../../domain/ports/rejected-bucket.js';
import { RejectedBuckets } from '../../../infrastructure/s3/rejected-buckets.js';
import { S3_SOCKETS } from '../../../infrastructure/s3/s3.module.js';
import { archiveKey, keysWithin } from '../domain/archive.js';
import { expiryOf, objectKey } from '../domain/rejected-document.js';
import { RejectedObjects } from './ports/rejected-objects.js';

/** Requests to S3 at once per process: enough to hide its latency, as many as the S3 client's sockets. */
const WRITES_AT_ONCE = S3_SOCKETS;

/**
 * The RejectedBucket port: where an exhausted document goes (its environment's bucket, under its client,
 * kind and day) and for how long (the environment's retention).
 */
@Injectable()
export class BucketKeeper extends RejectedBucket {
  private readonly writes = pLimit(WRITES_AT_ONCE);

  constructor(
    private readonly config: AppConfig,
    private readonly buckets: RejectedBuckets,
    private readonly objects: RejectedObjects,
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

  read(location: ObjectLocation): Promise<string | null> {
    return this.objects.read(location);
  }

  remove(location: ObjectLocation): Promise<void> {
    return this.objects.delete(location);
  }

  async locate(documents: readonly ErasedDocument[]): Promise<{ candidates: ObjectLocation[]; found: ObjectLocation[] }> {
    const candidates = documents.flatMap((document) => this.candidatesOf(document));
    const exists = await Promise.all(candidates.map((location) => this.writes(() => this.objects.exists(location))));
    return { candidates, found: candidates.filter((_, i) => exists[i]) };
  }

  /** Its recorded rejected object, the archived copy named after it, and keys a dead worker may have written unrecorded. */
  private candidatesOf(document: ErasedDocument): ObjectLocation[] {
    const rejectedBucket = this.buckets.nameOf(document.environment);
    const keys = new Set<string>(document.storageWindow ? keysWithin(document, document.storageWindow.from, document.storageWindow.to) : []);
    const locations = [...keys].map((key) => ({ bucket: rejectedBucket, key }));
    if (document.rejected) {
      if (!keys.has(document.rejected.key) || document.rejected.bucket !== rejectedBucket) locations.push(document.rejected);
      locations.push({ bucket: this.buckets.archive, key: archiveKey(document.environment, document.rejected.key) });
    }
    return locations;
  }
}
