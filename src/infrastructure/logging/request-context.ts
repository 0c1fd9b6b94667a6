import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

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

/** Runs `work` as part of the request `id`: the log lines it writes name it. */
export function withRequestId<T>(id: string, work: () => T): T {
  return requestIds.run(id, work);
}

/** Fastify's `genReqId`: the caller's own id when it is a plain token, otherwise a new UUID. It becomes `request.id`. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The request target's path, never its query (which may hold what a caller should not have put there). */
export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The first `onRequest` hook of ours: every response carries `x-request-id`, whatever answers it (a body
 * parser error, a worker's 404, the exception filter), and the rest of the request runs in its async
 * context, so every log line written while serving it names it. Set on the Node response: Fastify merges
 * those headers into whatever it sends, errors included.
 */
export function enterRequestContext(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
  withRequestId(request.id, done);
}

/** The `onResponse` hook: each request is logged with its id (method, path without the query, status, duration). */
export function logRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  logAnswer(request, reply);
  done();
}

/** Logs what a request was answered, for the hook above and for answers given before any hook runs. */
export function logAnswer(request: FastifyRequest, reply: FastifyReply): void {
  const path = pathOf(request);
  if (UNLOGGED_PATHS.test(path)) return;
  withRequestId(request.id, () => accessLog.log(`${request.method} ${path} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`));
}
