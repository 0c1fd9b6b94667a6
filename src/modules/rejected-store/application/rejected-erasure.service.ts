import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import type { EntityManager } from 'typeorm';
import type { ObjectLocation } from '../../../domain/document.js';
import type { UnrecordedStorage, UserRef } from '../../../domain/ports/document-erasure.js';
import { RejectedErasure, type ObjectsPage } from '../../../domain/ports/rejected-erasure.js';
import { S3Buckets } from '../../../infrastructure/s3/s3-buckets.js';
import { archiveKey, keysWithin } from '../domain/archive.js';
import type { RejectedDocument } from '../domain/kept-document.js';
import { WRITES_AT_ONCE } from './rejected-bucket.service.js';
import { RejectedObjects } from './ports/rejected-objects.js';
import { RejectedRecords } from './ports/rejected-records.js';

/** The RejectedErasure port: a user's kept documents withheld at once, then their objects and records removed a page at a time. */
@Injectable()
export class RejectedStoreErasure extends RejectedErasure {
  private readonly requests = pLimit(WRITES_AT_ONCE);

  constructor(
    private readonly records: RejectedRecords,
    private readonly s3: RejectedObjects,
    private readonly buckets: S3Buckets,
  ) {
    super();
  }

  withhold(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<number> {
    return this.records.withhold(tx, user, receivedBy, limit);
  }

  async objects(user: UserRef, afterId: string | null, limit: number): Promise<ObjectsPage> {
    const page = await this.records.withheld(user, afterId, limit);
    const candidates = page.flatMap((document) => this.locationsOf(document));
    return { last: page.at(-1)?.documentId ?? null, documentIds: page.map((document) => document.documentId), candidates, found: await this.existing(candidates) };
  }

  forget(documentIds: readonly string[]): Promise<void> {
    return this.records.forget(documentIds);
  }

  unrecordedLocations(documents: readonly UnrecordedStorage[]): ObjectLocation[] {
    return documents.flatMap((document) =>
      keysWithin(document, document.from, document.to).map((key) => ({ bucket: this.buckets.nameOf(document.environment), key })),
    );
  }

  async existing(locations: readonly ObjectLocation[]): Promise<ObjectLocation[]> {
    const exists = await Promise.all(locations.map((location) => this.requests(() => this.s3.exists(location))));
    return locations.filter((_, i) => exists[i]);
  }

  /** Its object in the rejected bucket, and the archived copy named after it: whichever exists. */
  private locationsOf(document: RejectedDocument): ObjectLocation[] {
    return [
      { bucket: document.bucket, key: document.key },
      { bucket: this.buckets.archive, key: archiveKey(document.environment, document.key) },
    ];
  }
}
