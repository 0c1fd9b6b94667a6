/** What a receiver's answer asks of us beyond accepted or not: to stop for good, or to wait. */
export interface ReceiverAnswer {
  status: number | null;
  /** The raw `Retry-After` header: delay-seconds or an HTTP date. */
  retryAfter: string | null;
}

/** Only the configured codes count as received: a redirect, another status or no answer is a failure. */
export function isAccepted(status: number | null, acceptedStatusCodes: readonly number[]): boolean {
  return status !== null && acceptedStatusCodes.includes(status);
}

/** 410 Gone: the receiver says this endpoint will never accept again. */
export function isGone(answer: ReceiverAnswer): boolean {
  return answer.status === 410;
}
