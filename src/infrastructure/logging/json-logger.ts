import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context.js';

export const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

type JsonLogObject = ReturnType<ConsoleLogger['getJsonLogObject']>;

/**
 * Nest's own logger in JSON mode, one object per line:
 * `{"time","level","context","message","requestId"}` (requestId while serving an HTTP request),
 * with `stack` or `error` when an error is logged. Levels up to `level` are written.
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

  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]): JsonLogObject {
    const { pid: _pid, timestamp: _timestamp, level, context, message: text, ...rest } = super.getJsonLogObject(message, options);
    const requestId = currentRequestId();
    // Field names of our log format; the base type insists on pid and timestamp, which it does not need.
    return { time: new Date().toISOString(), level, context, message: text, ...(requestId ? { requestId } : {}), ...rest } as unknown as JsonLogObject;
  }
}
