import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type DomainErrorKind } from '../../domain/errors.js';

const STATUS_OF: Record<DomainErrorKind, HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
};

/** Errors the body parser raises for what a caller sent (malformed JSON, too large, bad encoding). */
interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

/** Every error leaves as `{ statusCode, error, message }`; only unexpected ones are logged, never a stack to the caller. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (!response.headersSent) response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    // Nest wraps the body parser's errors in an HttpException; their own wording is clearer to a caller.
    if (exception instanceof HttpException && isBodyParserError(exception.cause)) return this.describe(exception.cause);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'object' ? (raw as Record<string, unknown>) : { message: raw };
      return { status, body: { statusCode: status, error: reasonPhrase(status), ...body } };
    }
    if (exception instanceof DomainError) {
      const status = STATUS_OF[exception.kind];
      return { status, body: { statusCode: status, error: reasonPhrase(status), message: exception.message, code: exception.code } };
    }
    if (isBodyParserError(exception)) {
      const message =
        exception.type === 'entity.too.large'
          ? 'request body is larger than allowed'
          : exception.type === 'entity.parse.failed'
            ? `request body is not valid JSON: ${exception.message}`
            : exception.message;
      return { status: exception.status, body: { statusCode: exception.status, error: reasonPhrase(exception.status), message } };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' } };
  }
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    typeof candidate?.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    typeof candidate.type === 'string' &&
    candidate.type.startsWith('entity.')
  );
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .split('_')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(' ');
}
