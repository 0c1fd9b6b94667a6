import type { EntityManager } from 'typeorm';
import type { ObjectLocation } from '../document.js';
import type { UnrecordedStorage, UserRef } from './document-erasure.js';

/** A page of the objects a user's kept documents may have left, and those that exist now. */
export interface ObjectsPage {
  /** The last document of the page, to ask for the next; null when there was none. */
  last: string | null;
  documentIds: string[];
  candidates: ObjectLocation[];
  found: ObjectLocation[];
}

/** The erasure of what RejectedStore keeps about one user: its records and their objects. Provided by the RejectedStore module. */
export abstract class RejectedErasure {
  /**
   * Withholds up to `limit` more of the user's kept documents (up to `receivedBy`) from every list, sweep, resend and
   * restore, in the caller's transaction; returns how many. A page of fewer than `limit` is the last.
   */
  abstract withhold(tx: EntityManager, user: UserRef, receivedBy: Date, limit: number): Promise<number>;
  /** The next page of the user's withheld documents after `afterId`, with every location that may hold one of them. Throws when S3 cannot answer. */
  abstract objects(user: UserRef, afterId: string | null, limit: number): Promise<ObjectsPage>;
  /** Forgets withheld documents once their objects are gone. */
  abstract forget(documentIds: readonly string[]): Promise<void>;
  /** Where a worker may have written these documents without recording them (computed, not looked up). */
  abstract unrecordedLocations(documents: readonly UnrecordedStorage[]): ObjectLocation[];
  /** Which of these locations hold an object now. Throws when S3 cannot answer. */
  abstract existing(locations: readonly ObjectLocation[]): Promise<ObjectLocation[]>;
}
