import type { DocumentHeader, ObjectLocation } from '../../../../domain/document.js';
import type { DocumentToStore, StoredObject } from '../../../../domain/ports/rejected-bucket.js';

/** The objects (one per document: its body) in the rejected buckets and the archive bucket. Every call throws when the storage cannot answer: callers retry. */
export abstract class RejectedObjects {
  /** The webhook body, exactly as delivered, with the document's facts beside it. */
  abstract put(document: DocumentToStore, object: StoredObject): Promise<void>;
  /** The stored JSON text, or null when the object is gone. */
  abstract read(location: ObjectLocation): Promise<string | null>;
  /** Deleting an object that is already gone succeeds: safe to repeat. */
  abstract delete(location: ObjectLocation): Promise<void>;
  /** Copies an object with the document's facts (kept until `expiresAt`), in a storage class if given. False when the source is gone; safe to repeat. */
  abstract copy(from: ObjectLocation, to: ObjectLocation, document: DocumentHeader, expiresAt: Date, storageClass?: string): Promise<boolean>;
  abstract exists(location: ObjectLocation): Promise<boolean>;
}
