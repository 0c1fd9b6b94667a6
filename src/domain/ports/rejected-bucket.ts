import type { EntityManager } from 'typeorm';
import type { DocumentHeader, ObjectLocation } from '../document.js';

export interface DocumentToStore extends DocumentHeader {
  /** The webhook body, exactly as delivered. */
  body: string;
}

export interface StoredObject extends ObjectLocation {
  documentId: string;
  storedAt: Date;
  expiresAt: Date;
}

/** A document RejectedStore keeps from now on: its facts, and where its object rests. */
export interface KeptDocument extends DocumentHeader {
  hookId: string;
  createdAt: Date;
  /** Attempts made so far (the next one is numbered after them). */
  attempts: number;
  object: StoredObject;
}

/** Where a kept document's object is, as RejectedStore knows it: waiting in the rejected bucket, archived, or gone after its retention. */
export interface RejectedRecord extends ObjectLocation {
  documentId: string;
  storedAt: Date;
  expiresAt: Date;
  /** When its retention in the rejected bucket ended; null while it waits there. */
  expiredAt: Date | null;
  /** Whether the archive keeps it after its retention. */
  archived: boolean;
}

/**
 * The rejected buckets, as RejectedStore keeps them: where an exhausted document goes, for how long, and the record
 * of every document whose object is there or in the archive — kept as long as the object is, whatever the age of
 * the document's own record. Provided by the RejectedStore module.
 */
export abstract class RejectedBucket {
  /** Writes each body to its environment's bucket, side by side; a write that fails is reported, not thrown. */
  abstract store(documents: readonly DocumentToStore[]): Promise<{ stored: StoredObject[]; failed: { documentId: string; error: string }[] }>;
  /** Records documents whose objects were written, in the transaction that records them stored. */
  abstract keep(tx: EntityManager, documents: readonly KeptDocument[]): Promise<void>;
  /** What is known of these documents' objects, by document id (absent: none kept). */
  abstract whereabouts(documentIds: readonly string[]): Promise<Map<string, RejectedRecord>>;
  /** The stored text, or null when the object is gone. Throws when S3 cannot answer. */
  abstract read(location: ObjectLocation): Promise<string | null>;
  /** Safe to repeat. Throws when S3 cannot answer. */
  abstract remove(location: ObjectLocation): Promise<void>;
}
