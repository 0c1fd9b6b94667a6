import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { JsonLogger } from './json-logger.js';
import { withRequestId } from './request-context.js';

/** Every line through Nest's general path, to compare the direct one with. */
class GeneralJsonLogger extends JsonLogger {
  protected override printMessages(...args: Parameters<ConsoleLogger['printMessages']>): void {
    ConsoleLogger.prototype['printMessages'].apply(this, args);
  }
}

describe('JsonLogger', () => {
  const written: string[] = [];
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };

  beforeEach(() => {
    written.length = 0;
    for (const stream of [process.stdout, process.stderr]) {
      stream.write = ((chunk: string) => written.push(chunk) > 0) as unknown as typeof stream.write;
    }
  });

  afterEach(() => {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  });

  /** The lines both loggers write for the same calls, the time left out. */
  function linesOf(log: (logger: JsonLogger) => void): { direct: string[]; general: string[] } {
    const lines = (logger: JsonLogger) => {
      written.length = 0;
      log(logger);
      return written.map((line) => line.replace(/"time":"[^"]+"/, '"time":"…"'));
    };
    return { direct: lines(new JsonLogger('verbose')), general: lines(new GeneralJsonLogger('verbose')) };
  }

  it('writes a line of text as Nest writes it, with and without a context or a request', () => {
    const calls: [LogLevel, string, string?][] = [
      ['log', 'POST /v1/documents 202 4 ms', 'HTTP'],
      ['warn', 'QUEUE.UNAVAILABLE: the job could not be queued; "quoted" \\ and \u0000', 'ErrorFilter'],
      ['verbose', 'no context'],
    ];
    const { direct, general } = linesOf((logger) => {
      for (const [level, message, context] of calls) logger[level](message, ...(context ? [context] : []));
      withRequestId('request-7', () => logger.log('inside a request', 'HTTP'));
    });
    assert.equal(direct.length, 4);
    assert.deepEqual(direct, general);
    assert.deepEqual(JSON.parse(direct[0]), { time: '…', level: 'log', context: 'HTTP', message: 'POST /v1/documents 202 4 ms' });
    assert.equal(JSON.parse(direct[3]).requestId, 'request-7');
  });

  it('leaves structured values and errors to Nest, which redacts and adds the stack', () => {
    const stack = new Error('boom').stack;
    const { direct, general } = linesOf((logger) => {
      logger.log({ token: 'secret-token-0123456789', count: 2 }, 'Ctx');
      logger.error('failed', stack, 'Ctx');
    });
    assert.deepEqual(direct, general);
    assert.deepEqual(JSON.parse(direct[0]).message, { token: '[REDACTED]', count: 2 });
    assert.match(JSON.parse(direct[1]).stack, /Error: boom/);
  });
});
