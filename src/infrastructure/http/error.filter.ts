import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { DomainError, type DomainErrorKind } from '../../domain/errors.js';
import { dependencyFailure } from '../database/database-failure.js';
import { REQUEST_ID_HEADER } from '../logging/request-context.js';

const STATUS_OF: Record<DomainErrorKind, HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  gone: HttpStatus.GONE,
};

/** Our words for what Fastify refuses itself before a handler runs (Nest hands them over as HttpExceptions). */
const FASTIFY_WORDS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request body is larger than allowed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request body size did not match its content-length',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the content-type header is malformed',
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Every error leaves as `{ statusCode, error, message }`, never with a stack or a driver's words.
 * A 5xx also names its `requestId` (the `x-request-id` header), under which the log holds the cause:
 * a dependency failure as a warning, an unexpected error (a bug) once as an error with its stack.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  constructor(private readonly http: AbstractHttpAdapter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    const { status, body } = this.describe(exception);
    if (status >= 500) body.requestId = this.http.getHeader(response, REQUEST_ID_HEADER);
    if (!this.http.isHeadersSent(response)) this.http.reply(response, body, status);
  }

  private describe(exception: unknown): Answer {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const ourWords = FASTIFY_WORDS[String((exception.cause as { code?: unknown } | undefined)?.code)];
      if (ourWords) return answer(status, ourWords);
      const raw = exception.getResponse();
      const body = typeof raw === 'object' ? (raw as Record<string, unknown>) : { message: raw };
      return { status, body: { statusCode: status, error: reasonPhrase(status), ...body } };
    }
    if (exception instanceof DomainError) {
      if (exception.kind === 'unavailable') this.logger.warn(`${exception.code}: ${exception.message}; cause: ${describeCause(exception.cause)}`);
      return answer(STATUS_OF[exception.kind], exception.message, { code: exception.code });
    }
    const failure = dependencyFailure(exception);
    if (failure) {
      const status = STATUS_OF[failure.kind];
      // An input the validation let through is worth a look too, without the driver's words: they may quote the value.
      this.logger.warn(`answered ${status}: ${failure.kind === 'unavailable' ? describeCause(exception) : `SQLSTATE ${sqlStateOf(exception)}`}`);
      return answer(status, failure.message);
    }
    this.logger.error(`unexpected error, answered 500: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, 'an unexpected error occurred; quote the requestId when you report it');
  }
}

function answer(status: number, message: string, extra: Record<string, unknown> = {}): Answer {
  return { status, body: { statusCode: status, error: reasonPhrase(status), message, ...extra } };
}

/** The dependency's own words, for the log only. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return `${cause.name}${code ? ` ${String(code)}` : ''}: ${cause.message}`;
}

function sqlStateOf(error: unknown): string {
  const driverError = (error as { driverError?: { code?: string } }).driverError ?? (error as { code?: string });
  return driverError.code ?? 'unknown';
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .split('_')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(' ');
}
