import type { DocumentHeader, ObjectLocation } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';

/** A document RejectedStore keeps, as its record says: the document's facts, and where its object rests. */
export interface RejectedDocument extends DocumentHeader, ObjectLocation {
  hookId: string;
  /** When the document itself was received. */
  createdAt: Date;
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
  kind?: DocumentHeader['kind'];
  after?: WaitingPosition;
  /** Only documents stored no later than this (a bulk resend fixed at its request). */
  storedBy?: Date;
  limit: number;
}

export interface ArchivedQuery {
  clientId: string;
  environment: Environment;
  /** Only these documents. */
  documentIds?: readonly string[];
  /** First stored in the rejected bucket at or after this instant. */
  firstStoredFrom?: Date;
  /** First stored at or before this instant. */
  firstStoredTo?: Date;
  /** Pages are ordered by document id: the last id of the previous page. */
  afterId?: string;
  limit: number;
}
