import type { DocumentHeader, ObjectLocation } from '../document.js';
import type { ErasedDocument } from './document-erasure.js';

export interface DocumentToStore extends DocumentHeader {
  /** The webhook body, exactly as delivered. */
  body: string;
}

export interface StoredObject extends ObjectLocation {
  documentId: string;
  storedAt: Date;
  expiresAt: Date;
}

/** The rejected buckets and the archive, as RejectedStore keeps them: where a document goes, for how long. Provided by the RejectedStore module. */
export abstract class RejectedBucket {
  /** Writes each body to its environment's bucket, side by side; a write that fails is reported, not thrown. */
  abstract store(documents: readonly DocumentToStore[]): Promise<{ stored: StoredObject[]; failed: { documentId: string; error: string }[] }>;
  /** The stored text, or null when the object is gone. Throws when S3 cannot answer. */
  abstract read(location: ObjectLocation): Promise<string | null>;
  /** Safe to repeat. Throws when S3 cannot answer. */
  abstract remove(location: ObjectLocation): Promise<void>;
  /**
   * Every location, in any bucket, that may hold these documents' bodies (rejected, archived, or written and
   * never recorded), and those of them that exist now. Throws when S3 cannot answer.
   */
  abstract locate(documents: readonly ErasedDocument[]): Promise<{ candidates: ObjectLocation[]; found: ObjectLocation[] }>;
}
