import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { activeSpanIds } from '../telemetry/tracing.js';
import { currentRequestId } from './request-context.js';

export const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

type JsonLogObject = ReturnType<ConsoleLogger['getJsonLogObject']>;

/** Longer messages take Nest's own path, which truncates what passes its limit. */
const PLAIN_MESSAGE_LENGTH = 64 * 1024;

/**
 * Nest's own logger in JSON mode, one object per line:
 * `{"time","level","context","message","requestId","trace_id","span_id"}` (requestId while serving an HTTP request,
 * trace_id and span_id inside a span while tracing is on), with `stack` or `error` when an error is logged.
 * Levels up to `level` are written.
 */
export class JsonLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    super({
      json: true,
      logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1),
      // A safety net for structured values: messages never carry these in the first place.
      redact: ['authorization', 'apiKey', 'signingSecret', 'secret', 'token', 'password', 'data', 'body'],
    });
  }

  /**
   * A line of text (most lines, each request's among them) is written straight away: Nest's general path, which
   * redacts, guards against cycles and truncates structured values, has nothing to do for it but costs as much as the
   * rest of the line. The line is the same (see json-logger.spec.ts).
   */
  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, any>,
  ): void {
    if (errorStack !== undefined || params !== undefined || !messages.every(isPlainMessage)) {
      return super.printMessages(messages, context, logLevel, writeStreamType, errorStack, params);
    }
    const stream = process[writeStreamType ?? 'stdout'];
    for (const message of messages) stream.write(`${JSON.stringify(logObject(logLevel, context || undefined, message))}\n`);
  }

  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]): JsonLogObject {
    const { pid: _pid, timestamp: _timestamp, level, context, message: text, ...rest } = super.getJsonLogObject(message, options);
    // Field names of our log format; the base type insists on pid and timestamp, which it does not need.
    return logObject(level, context, text, rest) as unknown as JsonLogObject;
  }
}

function logObject(level: string, context: string | undefined, message: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> {
  const requestId = currentRequestId();
  const span = activeSpanIds();
  return {
    time: new Date().toISOString(),
    level,
    context,
    message,
    ...(requestId ? { requestId } : {}),
    ...(span ? { trace_id: span.traceId, span_id: span.spanId } : {}),
    ...rest,
  };
}

function isPlainMessage(message: unknown): message is string {
  return typeof message === 'string' && message.length <= PLAIN_MESSAGE_LENGTH;
}
