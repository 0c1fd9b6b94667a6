import { createHash, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Ids whose random bits one read of the system's randomness provides: `uuid`'s own source reads it for every id (9 µs). */
const IDS_PER_READ = 256;
const randomness = Buffer.allocUnsafe(16 * IDS_PER_READ);
let unused = 0;
/** The millisecond and sequence of the last id made, so ids made within one millisecond still sort in order made. */
let lastMs = -Infinity;
let seq = 0;

function randomBits(): Uint8Array {
  if (unused === 0) {
    randomFillSync(randomness);
    unused = IDS_PER_READ;
  }
  const at = 16 * (IDS_PER_READ - unused--);
  return randomness.subarray(at, at + 16);
}

/**
 * A new id the service makes: a UUIDv7, whose first bits are the time it was made, so that rows inserted
 * one after another land on the right edge of every index keyed by it instead of on a random page. Its
 * millisecond and sequence follow RFC 9562's monotonic method, as `uuid` does when it draws the bits itself.
 */
export function newId(): string {
  const random = randomBits();
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7({ msecs: lastMs, seq, random });
}

/**
 * The same id whenever it is derived again from the same `name` (a repeated fact gives the same row), still a
 * UUIDv7 of the instant `at`, so it sorts with the ids made around that time.
 */
export function derivedId(name: string, at: Date): string {
  return v7({ msecs: at.getTime(), random: createHash('sha256').update(name).digest().subarray(0, 16) });
}
