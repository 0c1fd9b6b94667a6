import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../../../../config/app-config.js';
import type { DeliveryStatus } from '../../../../domain/document.js';
import { isUnavailable } from '../../../../infrastructure/database/database-failure.js';
import { Partitions } from '../../../../infrastructure/database/partitions.js';
import { currentTraceparent, inSpan } from '../../../../infrastructure/telemetry/tracing.js';
import { HookDirectory } from '../../../../domain/ports/hook-directory.js';
import { contentHash } from '../domain/content-hash.js';
import { DocumentConflict, DocumentTooLarge, IngestUnavailable, NoDataHook } from '../../ledger/domain/delivery.errors.js';
import { serializedBytes } from '../domain/document-size.js';
import type { NewDocument } from '../../ledger/domain/ledger-document.js';
import { apiStatusOf } from '../../ledger/domain/ledger-status.js';
import { GroupCommit } from './group-commit.js';
import { DocumentIntake, ingestSpan, INGEST_SPAN, LedgerDoorbell, type IntakeRow } from '../../ledger/index.js';
import { newId } from '../../../../domain/ids.js';

/** A document as a producer sends it; `id` is the optional idempotency key. */
export type DocumentSubmission = Omit<NewDocument, 'id'> & { id?: string };

export interface Accepted {
  id: string;
  status: DeliveryStatus;
}

/**
 * Takes documents from producers into the ledger: 202 means committed, and due for its first attempt at
 * once. Concurrent single documents share a commit; a batch is all or nothing. An id seen before with the
 * same content answers as before and is delivered once; with other content, or from another client, it is
 * a 409 and changes nothing. Redis plays no part: the doorbell rings after commit, or the reconciler does.
 */
@Injectable()
export class IngestDocuments {
  private readonly singles = new GroupCommit<IntakeRow, Accepted>((rows) => this.commitGroup(rows));

  constructor(
    private readonly intake: DocumentIntake,
    private readonly hooks: HookDirectory,
    private readonly doorbell: LedgerDoorbell,
    private readonly partitions: Partitions,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async one(submission: DocumentSubmission): Promise<Accepted> {
    return inSpan(INGEST_SPAN, () => ingestSpan(1), async () => {
      const [row] = await this.prepare([submission], true);
      return this.singles.submit(row);
    });
  }

  /** All or nothing; answers the ids in the order given. */
  async batch(submissions: readonly DocumentSubmission[]): Promise<string[]> {
    return inSpan(INGEST_SPAN, () => ingestSpan(submissions.length), () => this.commitBatch(submissions));
  }

  private async commitBatch(submissions: readonly DocumentSubmission[]): Promise<string[]> {
    const rows = await this.prepare(submissions, false);
    const inserted = await this.unavailableOnFailure(() =>
      this.partitions.retryingWhereMissing(() =>
        this.atomically(rows, async (tx) => {
          const { inserted, answers } = await this.insert(tx, rows);
          const conflict = answers.find((answer) => answer instanceof DocumentConflict);
          if (conflict) throw conflict;
          return inserted;
        }),
      ),
    );
    this.ringFor(rows, inserted);
    return rows.map((row) => row.id);
  }

  /** One transaction for a group of single documents; each answers alone, a conflict fails only its own request. */
  private async commitGroup(rows: readonly IntakeRow[]): Promise<(Accepted | Error)[]> {
    try {
      const { inserted, answers } = await this.partitions.retryingWhereMissing(() => this.atomically(rows, (tx) => this.insert(tx, rows)));
      this.ringFor(rows, inserted);
      return answers;
    } catch (error) {
      // One document may have failed the whole group: each commits alone, so only its own request fails.
      if (rows.length > 1) return Promise.all(rows.map((row) => this.commitGroup([row]).then(([answer]) => answer)));
      return [this.unavailable(error)];
    }
  }

  /**
   * Documents with ids we made are inserted by one statement, atomic by itself, that meets no conflict: it is sent
   * alone, without BEGIN and COMMIT around it (a third of the statements of a group). A producer's own ids may
   * repeat, which takes a lock near a partition boundary and may end in a conflict that undoes the batch: a transaction.
   */
  private atomically<T>(rows: readonly IntakeRow[], work: (executor: EntityManager) => Promise<T>): Promise<T> {
    return rows.some((row) => row.idGiven) ? this.dataSource.transaction(work) : work(this.dataSource.manager);
  }

  /**
   * Inserts what is new and answers each row: accepted, or a conflict when its id already stands for other
   * content or another client (also a second, different document under an id first seen in this very call).
   */
  private async insert(tx: EntityManager, rows: readonly IntakeRow[]): Promise<{ inserted: Set<string>; answers: (Accepted | DocumentConflict)[] }> {
    const firsts = new Map<string, IntakeRow>();
    for (const row of rows) if (!firsts.has(row.id)) firsts.set(row.id, row);
    const inserted = await this.intake.insertNew(tx, [...firsts.values()], new Date());
    const stored = await this.intake.identities(
      tx,
      [...firsts.keys()].filter((id) => !inserted.has(id)),
    );
    const answers = rows.map((row) => {
      const standing = stored.get(row.id) ?? { ...firsts.get(row.id)!, status: 'Pending' as const };
      if (standing.clientId !== row.clientId || standing.contentHash !== row.contentHash) return new DocumentConflict(row.id);
      if (standing.status === 'Erased') return new DocumentConflict(row.id, true);
      return { id: row.id, status: apiStatusOf(standing.status) };
    });
    return { inserted, answers };
  }

  private async prepare(submissions: readonly DocumentSubmission[], single: boolean): Promise<IntakeRow[]> {
    submissions.forEach((submission, index) => {
      if (serializedBytes(submission) > this.config.maxDocumentBytes) throw new DocumentTooLarge(this.config.maxDocumentBytes, single ? undefined : index);
    });
    const hookIds = await this.dataHooksOf(submissions);
    // The ingest span, kept with each document: its delivery continues this trace.
    const traceParent = currentTraceparent();
    return submissions.map(({ id, ...document }) => ({
      ...document,
      id: id ?? newId(),
      idGiven: id !== undefined,
      hookId: hookIds.get(`${document.clientId}/${document.environment}`)!,
      data: JSON.stringify(document.data),
      contentHash: contentHash(document),
      traceParent,
    }));
  }

  /** One lookup per client and environment in the request, all at once (the directory caches them briefly). */
  private async dataHooksOf(submissions: readonly DocumentSubmission[]): Promise<Map<string, string>> {
    const targets = new Map(submissions.map(({ clientId, environment }) => [`${clientId}/${environment}`, { clientId, environment }]));
    const found = await this.unavailableOnFailure(() =>
      Promise.all([...targets].map(async ([key, target]) => ({ key, target, hook: await this.hooks.find(target.clientId, target.environment, 'data') }))),
    );
    const missing = found.find(({ hook }) => hook === null);
    if (missing) throw new NoDataHook(missing.target.clientId, missing.target.environment);
    return new Map(found.map(({ key, hook }) => [key, hook!.id]));
  }

  private ringFor(rows: readonly IntakeRow[], inserted: ReadonlySet<string>): void {
    const firstByHook = new Map<string, string>();
    for (const row of rows) if (inserted.has(row.id) && !firstByHook.has(row.hookId)) firstByHook.set(row.hookId, row.id);
    this.doorbell.newDocuments([...firstByHook].map(([hookId, cause]) => ({ hookId, cause })));
  }

  private async unavailableOnFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** An unreachable database is a 503: the producer keeps the documents and tries again. Anything else goes on as it is. */
  private unavailable(error: unknown): Error {
    return isUnavailable(error) ? new IngestUnavailable(error) : (error as Error);
  }
}
