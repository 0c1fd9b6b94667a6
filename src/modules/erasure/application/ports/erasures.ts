import type { ObjectLocation } from '../../../../domain/document.js';
import type { Erasure, ErasureStep } from '../../domain/erasure.js';

/**
 * Each erasure and how far it got. A step's result counts only once, and only while the erasure is at that
 * step: a step run again after a crash changes nothing it already recorded.
 */
export abstract class Erasures {
  abstract create(erasure: { id: string; clientId: string; userId: string }): Promise<void>;
  /** One erasure; limited to a client's own unless an operator asks (null). */
  abstract find(id: string, clientId: string | null): Promise<Erasure | null>;
  /** The cancel step's result: facts about the user up to now are not notified any more. */
  abstract cancelled(id: string, documents: number, heldUntil: Date | null): Promise<void>;
  /** Objects found holding the user's documents, to be counted when the objects step ends. */
  abstract found(id: string, objects: readonly ObjectLocation[]): Promise<void>;
  /** The objects step's result: every object found, counted once. */
  abstract objectsRemoved(id: string): Promise<void>;
  abstract advance(id: string, from: ErasureStep, to: ErasureStep): Promise<void>;
  /** The last step's result: the erasure is Done, and keeps its counts only. */
  abstract done(id: string, notifications: number): Promise<void>;
}
