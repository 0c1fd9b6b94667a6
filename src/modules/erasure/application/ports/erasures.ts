import type { EntityManager } from 'typeorm';
import type { ObjectLocation } from '../../../../domain/document.js';
import type { Erasure, ErasureStep } from '../../domain/erasure.js';

/**
 * Each erasure and how far it got. A page's progress is written in the transaction of the page it describes, and
 * a step's end only while the erasure is at that step: a run after a crash counts nothing twice and goes on where
 * the last one stopped.
 */
export abstract class Erasures {
  abstract create(erasure: { id: string; clientId: string; userId: string }): Promise<void>;
  /** One erasure; limited to a client's own unless an operator asks (null). */
  abstract find(id: string, clientId: string | null): Promise<Erasure | null>;
  /** One page of the cancel step: documents cancelled, until when a worker may hold one, where unrecorded objects may be. */
  abstract cancelledPage(tx: EntityManager, id: string, page: { documents: number; heldUntil: Date | null; candidates: readonly ObjectLocation[] }): Promise<void>;
  /** The cancel step's end: facts about the user up to now are not notified any more. */
  abstract cancelled(tx: EntityManager, id: string): Promise<void>;
  /** Locations that may hold an object, not looked at yet. */
  abstract unchecked(id: string, limit: number): Promise<ObjectLocation[]>;
  /** Of those locations looked at, the ones that held an object (each counted once, however often a run finds it). */
  abstract checked(id: string, locations: readonly ObjectLocation[], found: readonly ObjectLocation[]): Promise<void>;
  /** The objects step's end: every object found, counted once. */
  abstract objectsRemoved(id: string): Promise<void>;
  abstract advance(id: string, from: ErasureStep, to: ErasureStep): Promise<void>;
  /** The last step's end: the erasure is Done, and keeps its counts only. */
  abstract done(id: string, notifications: number): Promise<void>;
}
