import { BlockedTargetError } from './ssrf-guard.js';
import type { SendErrorCode } from './send-result.js';

/** Abort reason for the overall exchange deadline. */
export class ExchangeTimeoutError extends Error {
  readonly code = 'EEXCHANGETIMEOUT';

  constructor(timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = 'ExchangeTimeoutError';
  }
}

export interface ClassifiedError {
  error: SendErrorCode;
  errorMessage: string;
}

const TIMEOUT_CODES = new Set([
  'EEXCHANGETIMEOUT',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|UNABLE_TO_|_SIGNATURE_FAILURE$/;

/**
 * Maps whatever undici/net/tls/dns rejected with to a result code and a message
 * naming only the host, never the path or query (they may carry tokens).
 */
export function classifySendError(err: unknown, host: string, timeoutMs: number): ClassifiedError {
  if (err instanceof BlockedTargetError) {
    return {
      error: 'blocked_target',
      errorMessage: `refused to connect: ${err.hostname} resolves to non-public address ${err.address}`,
    };
  }
  const code = errorCodeOf(err);
  const detail = errorMessageOf(err);
  if (TIMEOUT_CODES.has(code) || errorNameOf(err) === 'TimeoutError') {
    return { error: 'timeout', errorMessage: `no complete response from ${host} within ${timeoutMs} ms` };
  }
  if (code === 'ECONNREFUSED') {
    return { error: 'connection_refused', errorMessage: `connection refused by ${host}` };
  }
  if (DNS_CODES.has(code)) {
    return { error: 'dns_failure', errorMessage: `could not resolve ${hostnameOf(host)} (${code})` };
  }
  if (RESET_CODES.has(code)) {
    return { error: 'connection_reset', errorMessage: `connection to ${host} closed unexpectedly (${code})` };
  }
  if (TLS_CODE.test(code)) {
    return { error: 'tls_error', errorMessage: `TLS with ${host} failed (${code}): ${detail}` };
  }
  if (code === 'ERR_INVALID_URL') {
    return { error: 'invalid_url', errorMessage: 'target URL is not a valid absolute URL' };
  }
  const suffix = code === '' ? detail : `${code}: ${detail}`;
  return { error: 'network_error', errorMessage: `request to ${host} failed (${suffix})` };
}

function errorCodeOf(err: unknown): string {
  const code = propertyOf(err, 'code') ?? propertyOf(propertyOf(err, 'cause'), 'code');
  return typeof code === 'string' ? code : '';
}

function errorNameOf(err: unknown): string {
  const name = propertyOf(err, 'name');
  return typeof name === 'string' ? name : '';
}

function errorMessageOf(err: unknown): string {
  // OpenSSL errors carry a short `reason`; their `message` is a multi-line internal dump.
  const reason = propertyOf(err, 'reason');
  const message = typeof reason === 'string' && reason !== '' ? reason : propertyOf(err, 'message');
  return typeof message === 'string' && message.trim() !== '' ? message.trim() : 'no details';
}

function propertyOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function hostnameOf(host: string): string {
  return host.replace(/:\d+$/, '');
}
