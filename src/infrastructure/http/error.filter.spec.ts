import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Logger, type ArgumentsHost, type LoggerService } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { UnavailableError } from '../../domain/errors.js';
import { ErrorFilter } from './error.filter.js';

/** A response as the filter sees it through the HTTP adapter, and what it was answered. */
function answered(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = { headers: { 'x-request-id': 'request-7' } as Record<string, string> };
  const http = {
    isHeadersSent: () => false,
    getHeader: (reply: typeof response, name: string) => reply.headers[name],
    reply(_reply: typeof response, body: Record<string, unknown>, status: number) {
      sent.status = status;
      sent.body = body;
    },
  } as unknown as AbstractHttpAdapter;
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter(http).catch(exception, host);
  return sent;
}

describe('ErrorFilter', () => {
  const logged: { level: string; message: string }[] = [];
  const captor: LoggerService = {
    log: (message: string) => logged.push({ level: 'log', message }),
    warn: (message: string) => logged.push({ level: 'warn', message }),
    error: (message: string) => logged.push({ level: 'error', message }),
  };

  beforeEach(() => {
    logged.length = 0;
    Logger.overrideLogger(captor);
  });

  afterEach(() => Logger.overrideLogger(false));

  it('answers an unexpected error with a 500 naming the request, and logs it once with its stack', () => {
    const { status, body } = answered(new TypeError("Cannot read properties of undefined (reading 'id')"));
    assert.equal(status, 500);
    assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'requestId', 'statusCode']);
    assert.equal(body.requestId, 'request-7');
    assert.doesNotMatch(JSON.stringify(body), /TypeError|reading 'id'|\.js:\d+/);
    assert.equal(logged.length, 1);
    assert.equal(logged[0].level, 'error');
    assert.match(logged[0].message, /TypeError: Cannot read properties[\s\S]*error\.filter\.spec\.js/);
  });

  it("answers an outage with a 503 in its own words, and leaves the dependency's words to the log", () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    const { status, body } = answered(new UnavailableError('QUEUE.UNAVAILABLE', 'the job could not be queued right now', cause));
    assert.equal(status, 503);
    assert.deepEqual(body, { statusCode: 503, error: 'Service Unavailable', message: 'the job could not be queued right now', code: 'QUEUE.UNAVAILABLE', requestId: 'request-7' });
    assert.equal(logged.length, 1);
    assert.match(logged[0].message, /ECONNREFUSED 127\.0\.0\.1:6379/);
  });
});
