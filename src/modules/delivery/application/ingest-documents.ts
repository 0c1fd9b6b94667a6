import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { AppConfig } from '../../../config/app-config.js';
import type { DeliveryStatus } from '../../../domain/document.js';
import { DomainError } from '../../../domain/errors.js';
import { createEvent } from '../../../domain/events.js';
import { HookDirectory } from '../../../domain/ports/hook-directory.js';
import { DocumentTooLarge, IngestUnavailable, NoDataHook } from '../domain/delivery.errors.js';
import { serializedBytes } from '../domain/document-size.js';
import type { NewDocument } from '../domain/stored-document.js';
import { DocumentStore } from '../infrastructure/document-store.js';

/** A document as a producer sends it; `id` is the optional idempotency key. */
export type DocumentSubmission = Omit<NewDocument, 'id'> & { id?: string };

/**
 * Takes documents from producers: each is stored and its document.received published in one
 * transaction, or nothing is (503, and the producer still holds them). An id seen before is
 * stored once and delivered once, even within one batch or across concurrent requests.
 */
@Injectable()
export class IngestDocuments {
  private readonly logger = new Logger('IngestDocuments');

  constructor(
    private readonly store: DocumentStore,
    private readonly hooks: HookDirectory,
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async one(submission: DocumentSubmission): Promise<{ id: string; status: DeliveryStatus }> {
    const { ids, inserted } = await this.ingest([submission], true);
    const [id] = ids;
    if (inserted.has(id)) return { id, status: 'Pending' };
    // Seen before: the stored document's status, and no second delivery.
    return this.unavailableOnFailure(async () => ({ id, status: (await this.store.statusOf(id)) ?? 'Pending' }));
  }

  /** All or nothing; answers the ids in the order given. */
  async batch(submissions: readonly DocumentSubmission[]): Promise<string[]> {
    return (await this.ingest(submissions, false)).ids;
  }

  private async ingest(submissions: readonly DocumentSubmission[], single: boolean): Promise<{ ids: string[]; inserted: Set<string> }> {
    submissions.forEach((submission, index) => {
      if (serializedBytes(submission) > this.config.maxDocumentBytes) throw new DocumentTooLarge(this.config.maxDocumentBytes, single ? undefined : index);
    });
    const documents: NewDocument[] = submissions.map(({ id, ...rest }) => ({ id: id ?? randomUUID(), ...rest }));
    await this.requireDataHooks(documents);

    const firstOfEachId = new Map<string, NewDocument>();
    for (const document of documents) if (!firstOfEachId.has(document.id)) firstOfEachId.set(document.id, document);
    const inserted = await this.unavailableOnFailure(() =>
      this.dataSource.transaction(async (tx) => {
        const newIds = await this.store.insertNew(tx, [...firstOfEachId.values()], new Date());
        const received = [...firstOfEachId.values()]
          .filter((document) => newIds.has(document.id))
          .map(({ id, clientId, environment }) => createEvent('document.received', { documentId: id, clientId, environment }));
        await this.bus.publish(tx, ...received);
        return newIds;
      }),
    );
    return { ids: documents.map((document) => document.id), inserted };
  }

  /** One lookup per client and environment in the request, all at once (the directory caches them briefly). */
  private async requireDataHooks(documents: readonly NewDocument[]): Promise<void> {
    const targets = new Map(documents.map(({ clientId, environment }) => [`${clientId}/${environment}`, { clientId, environment }]));
    const found = await this.unavailableOnFailure(() =>
      Promise.all([...targets.values()].map(async (target) => ({ target, hook: await this.hooks.find(target.clientId, target.environment, 'data') }))),
    );
    const missing = found.find(({ hook }) => hook === null);
    if (missing) throw new NoDataHook(missing.target.clientId, missing.target.environment);
  }

  /** Storage trouble is a 503: the producer keeps the documents and tries again. */
  private async unavailableOnFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.error(`ingest failed, answering 503: ${(error as Error).message}`);
      throw new IngestUnavailable();
    }
  }
}
