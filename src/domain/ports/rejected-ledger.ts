import type { DocumentHeader, DocumentKind, ObjectLocation } from '../document.js';
import type { Environment } from '../environment.js';

/** A document waiting in its environment's rejected bucket, as Delivery (the one owner of its state) records it. */
export interface RejectedDocument extends DocumentHeader, ObjectLocation {
  attempts: number;
  storedAt: Date;
  expiresAt: Date;
}

/** Where a page of the waiting list ends: the last (storedAt, documentId) it showed. */
export interface WaitingPosition {
  storedAt: Date;
  documentId: string;
}

export interface WaitingQuery {
  /** One client's, or every client's for an operator (null). */
  clientId: string | null;
  environment?: Environment;
  kind?: DocumentKind;
  after?: WaitingPosition;
  /** Only documents stored no later than this (a bulk resend fixed at its request). */
  storedBy?: Date;
  limit: number;
}

/**
 * Delivery's record of the documents in the rejected buckets: what waits there, and what outlived its
 * retention. RejectedStore asks; it keeps no copy. Provided by the Delivery module.
 */
export abstract class RejectedLedger {
  /** Waiting documents (neither delivered since, nor past their retention), oldest first. */
  abstract waiting(query: WaitingQuery): Promise<RejectedDocument[]>;
  abstract findWaiting(documentId: string, clientId: string | null): Promise<RejectedDocument | null>;
  abstract countWaiting(query: Omit<WaitingQuery, 'after' | 'limit'>): Promise<number>;
  /** Documents past their retention that are not marked expired yet, oldest first. */
  abstract pastRetention(limit: number): Promise<RejectedDocument[]>;
  /** Their objects are gone from the rejected bucket (`archived`: kept in the archive bucket meanwhile). Returns those it marked. */
  abstract markExpired(documentIds: readonly string[], archived: boolean): Promise<string[]>;
}
