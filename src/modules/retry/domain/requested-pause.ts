import type { ReceiverAnswer } from '../../../domain/receiver-answer.js';

/** How long a 429 without `Retry-After` pauses its hook. */
export const TOO_MANY_REQUESTS_PAUSE_MS = 2_000;

/**
 * Until when the receiver asked us to wait: a 429 or 503 with `Retry-After` (seconds or HTTP date), or a
 * short pause for a 429 without it. Never further than `maxMs` from now; null when it asked nothing
 * (a 503 without `Retry-After` is an ordinary failure).
 */
export function requestedPauseUntil(answer: ReceiverAnswer, now: Date, maxMs: number): Date | null {
  if (answer.status !== 429 && answer.status !== 503) return null;
  const asked = answer.retryAfter === null ? null : retryAfterInstant(answer.retryAfter, now);
  if (asked === null) return answer.status === 429 ? new Date(now.getTime() + Math.min(TOO_MANY_REQUESTS_PAUSE_MS, maxMs)) : null;
  return new Date(Math.min(Math.max(asked.getTime(), now.getTime()), now.getTime() + maxMs));
}

/** RFC 9110 §10.2.3: a non-negative integer of seconds, or an HTTP date. */
function retryAfterInstant(header: string, now: Date): Date | null {
  const text = header.trim();
  if (/^\d+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at);
}
