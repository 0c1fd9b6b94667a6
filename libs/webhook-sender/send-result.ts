/** Why a send produced no HTTP status. */
export type SendErrorCode =
  | 'timeout'
  | 'connection_refused'
  | 'dns_failure'
  | 'blocked_target'
  | 'invalid_url'
  | 'connection_reset'
  | 'tls_error'
  | 'network_error'
  /** The caller stopped it: no answer to record as the receiver's. */
  | 'cancelled';

/**
 * Outcome of one POST. Exactly one of `status` / `error` is non-null:
 * once a status line arrived, the receiver has answered, so problems while
 * reading the response body do not turn it into an error.
 */
export interface SendResult {
  status: number | null;
  /** Whole milliseconds from the start of `send` to its result. */
  durationMs: number;
  error: SendErrorCode | null;
  errorMessage: string | null;
  /** Response body (utf8), truncated to `maxResponseBytes`; null when no response. */
  responseBody: string | null;
  /** The receiver's `Retry-After` header as sent (seconds or an HTTP date); null when absent or no response. */
  retryAfter: string | null;
}

export function answeredResult(status: number, durationMs: number, responseBody: string, retryAfter: string | null = null): SendResult {
  return { status, durationMs, error: null, errorMessage: null, responseBody, retryAfter };
}

export function failedResult(error: SendErrorCode, errorMessage: string, durationMs: number): SendResult {
  return { status: null, durationMs, error, errorMessage, responseBody: null, retryAfter: null };
}
