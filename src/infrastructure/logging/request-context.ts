import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's own request id is kept when it is a plain token (it ends up in log lines); anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const requestIds = new AsyncLocalStorage<string>();

/** Polled by the infrastructure every few seconds: not worth a line each. */
const UNLOGGED_PATHS = /^\/(health|metrics)(\/|$)/;

const accessLog = new Logger('HTTP');

/** The id of the HTTP request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/**
 * Mounted before everything else: every response carries `x-request-id`, whatever answers it
 * (a body-parser error, a worker's 404, an exception filter), and is logged with it: method, path
 * (never the query), status and duration.
 */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  const path = request.path;
  if (!UNLOGGED_PATHS.test(path)) {
    const started = performance.now();
    response.once('finish', () =>
      requestIds.run(id, () => accessLog.log(`${request.method} ${path} ${response.statusCode} ${Math.round(performance.now() - started)} ms`)),
    );
  }
  requestIds.run(id, next);
}

/**
 * Mounted after the body parsers: a stream's callbacks lose the async context, so the request's
 * handlers enter it again here, and every log line they write names the request.
 */
export function enterRequestContext(_request: Request, response: Response, next: NextFunction): void {
  requestIds.run(String(response.getHeader(REQUEST_ID_HEADER)), next);
}
