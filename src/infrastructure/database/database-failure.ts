import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import type { DomainErrorKind } from '../../domain/errors.js';

export interface DependencyFailure {
  kind: Extract<DomainErrorKind, 'invalid' | 'conflict' | 'unavailable'>;
  /** For the caller: says what went wrong without the driver's own words. */
  message: string;
}

export const UNAVAILABLE_MESSAGE = 'a service this request needs is unavailable right now; nothing was done, try again later';

/** Socket errors of any driver (pg, ioredis, the AWS SDK) that mean the dependency cannot be reached. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** pg and pg-pool raise a lost or unobtainable connection as a plain Error, without a code: these are their words. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Query read timeout',
];

/**
 * What a failed database call means for the request that made it, by SQLSTATE class:
 * 22 (data exception) and 23 (integrity violation) are the request's doing, a 4xx;
 * 08 (connection), 53 (insufficient resources), 57P0x and 57014 (shutdown, cancelled),
 * 40 (serialization, deadlock) and a lost connection are an outage, a 503.
 * Anything else is undefined: a bug, answered 500.
 */
export function dependencyFailure(error: unknown): DependencyFailure | undefined {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  if (cause instanceof pg.DatabaseError && cause.code) return bySqlState(cause.code);
  return isConnectionLoss(cause) ? { kind: 'unavailable', message: UNAVAILABLE_MESSAGE } : undefined;
}

export function isUnavailable(error: unknown): boolean {
  return dependencyFailure(error)?.kind === 'unavailable';
}

function bySqlState(state: string): DependencyFailure | undefined {
  const sqlClass = state.slice(0, 2);
  if (sqlClass === '22') return { kind: 'invalid', message: 'the request holds a value that cannot be stored (a NUL character, or a number or text out of range)' };
  if (state === '23502') return { kind: 'invalid', message: 'the request lacks a value that is required' };
  if (state === '23514') return { kind: 'invalid', message: 'the request holds a value the stored data does not allow' };
  if (sqlClass === '23') return { kind: 'conflict', message: 'the request conflicts with data already stored' };
  if (['08', '53', '40'].includes(sqlClass) || state.startsWith('57P0') || state === '57014') return { kind: 'unavailable', message: UNAVAILABLE_MESSAGE };
  return undefined;
}

function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  if (PG_CONNECTION_MESSAGES.some((words) => error.message.startsWith(words))) return true;
  return error.cause !== undefined && isConnectionLoss(error.cause);
}
