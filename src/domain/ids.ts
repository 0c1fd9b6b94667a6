import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * A new id the service makes: a UUIDv7, whose first bits are the time it was made, so that rows inserted
 * one after another land on the right edge of every index keyed by it instead of on a random page.
 */
export function newId(): string {
  return v7();
}

/**
 * The same id whenever it is derived again from the same `name` (a repeated fact gives the same row), still a
 * UUIDv7 of the instant `at`, so it sorts with the ids made around that time.
 */
export function derivedId(name: string, at: Date): string {
  return v7({ msecs: at.getTime(), random: createHash('sha256').update(name).digest().subarray(0, 16) });
}
