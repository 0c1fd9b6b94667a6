import type { DocumentKind, ObjectLocation } from '../document.js';
import type { Environment } from '../environment.js';

/** One user of one client: whom an erasure is about. */
export interface UserRef {
  clientId: string;
  userId: string;
}

/** A document being erased, and where its body may rest in the buckets. */
export interface ErasedDocument {
  documentId: string;
  clientId: string;
  environment: Environment;
  kind: DocumentKind;
  /** Where the ledger recorded it in the rejected bucket, if it ever was (its archived copy is named after it). */
  rejected: ObjectLocation | null;
  /**
   * Set when it was ever due for the rejected bucket: the span in which an object may have been written for it
   * without being recorded (a worker that died between the write and the record).
   */
  storageWindow: { from: Date; to: Date } | null;
}

/**
 * The erasure of one user's documents, in steps an erasure job can repeat after a crash: cancel, then
 * (RejectedStore removes their objects) purge. Provided by the Delivery module, the owner of the rows.
 */
export abstract class DocumentErasure {
  /**
   * Cancels every document of the user received up to `receivedBy`, whatever its state: from now on none is
   * attempted, stored, restored, listed or shown, a worker holding one loses it, and a later document of
   * the same user no longer waits behind one. Safe to repeat. Returns how many of the user's documents are
   * cancelled, and until when a worker may still be finishing one it held (null: none was held).
   */
  abstract cancel(user: UserRef, receivedBy: Date): Promise<{ documents: number; heldUntil: Date | null }>;
  /** The user's cancelled documents, by id, a page at a time. */
  abstract cancelled(user: UserRef, afterId: string | null, limit: number): Promise<ErasedDocument[]>;
  /** Deletes the user's cancelled documents and their attempts. Returns how many documents it deleted. */
  abstract purge(user: UserRef): Promise<number>;
}
