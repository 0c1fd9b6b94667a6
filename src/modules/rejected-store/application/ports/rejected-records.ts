import type { EntityManager } from 'typeorm';
import type { Environment } from '../../../../domain/environment.js';
import type { UserRef } from '../../../../domain/ports/document-erasure.js';
import type { KeptDocument, RejectedRecord } from '../../../../domain/ports/rejected-bucket.js';
import type { ItemSelection } from '../../../../infrastructure/jobs/bulk-job.js';
import type { ArchivedQuery, RejectedDocument, WaitingQuery } from '../../domain/kept-document.js';

/**
 * RejectedStore's record of the documents whose object is in a rejected bucket or the archive: kept as long as the
 * object, whatever the age of the document's own record, then (once the object is gone for good) as long as
 * EVENT_RETENTION keeps the document's events.
 */
export abstract class RejectedRecords {
  /** In the transaction that records the documents stored. */
  abstract keep(tx: EntityManager, documents: readonly KeptDocument[]): Promise<void>;
  abstract whereabouts(documentIds: readonly string[]): Promise<Map<string, RejectedRecord>>;
  /** Waiting documents (neither delivered since, nor past their retention), oldest first. */
  abstract waiting(query: WaitingQuery): Promise<RejectedDocument[]>;
  abstract findWaiting(documentId: string, clientId: string | null): Promise<RejectedDocument | null>;
  /** Of these documents, those not waiting in the client's bucket of the environment. */
  abstract notWaiting(documentIds: readonly string[], clientId: string, environment: Environment): Promise<string[]>;
  /** The documents of a bulk resend: these, or every one waiting now, oldest first. */
  abstract resendSelection(clientId: string, environment: Environment, documentIds?: readonly string[]): ItemSelection;
  /** The documents of a restore: the archived ones the query names, with the rejected key each goes back to. */
  abstract restoreSelection(query: Omit<ArchivedQuery, 'afterId' | 'limit'>): ItemSelection;
  /** For the gauge of waiting documents (counted by one process per interval). */
  abstract countWaiting(): Promise<{ environment: Environment; count: number }[]>;
  /** A resend that was not accepted: one more attempt counted. */
  abstract countAttempt(documentId: string): Promise<void>;
  /** Delivered from the bucket: no longer kept. Safe to repeat. */
  abstract forgetDelivered(documentIds: readonly string[]): Promise<void>;
  /** Past their retention and not marked expired yet, oldest first. */
  abstract pastRetention(limit: number): Promise<RejectedDocument[]>;
  /** Their objects are gone from the rejected bucket (`archived`: kept in the archive meanwhile). Returns those it marked. */
  abstract markExpired(documentIds: readonly string[], archived: boolean): Promise<string[]>;
  abstract archived(query: ArchivedQuery): Promise<RejectedDocument[]>;
  /** Archived for longer than `retentionMs`, oldest first. */
  abstract pastArchiveRetention(retentionMs: number, limit: number): Promise<RejectedDocument[]>;
  /** Their archived objects are gone. Returns those it marked. */
  abstract markArchiveDeleted(documentIds: readonly string[]): Promise<string[]>;
  /** Back in the rejected bucket at its old key, waiting from `storedAt` until `expiresAt`, if it is still archived. */
  abstract restore(tx: EntityManager, documentId: string, storedAt: Date, expiresAt: Date): Promise<RejectedDocument | null>;
  /** Its key in the rejected bucket while it waits there; null otherwise. */
  abstract storedKey(documentId: string): Promise<string | null>;
  /** Forgets up to `limit` documents whose object is gone for good and whose own record is past EVENT_RETENTION. */
  abstract forgetGone(eventRetentionMs: number, limit: number): Promise<number>;
  /** Withholds up to `limit` more of the user's documents from every list, sweep, resend and restore (an erasure). */
  abstract withhold(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<number>;
  /** The user's withheld documents after `afterId`, by id. */
  abstract withheld(user: UserRef, afterId: string | null, limit: number): Promise<RejectedDocument[]>;
  abstract forget(documentIds: readonly string[]): Promise<void>;
}
