import type { IncomingMessage } from 'node:http';
import { register } from 'node:module';
import { Logger } from '@nestjs/common';
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import type { TracingConfig } from '../../config/tracing-config.js';
import { tracingStarted } from './tracing.js';

/** Probes poll these every few seconds: not worth a trace each. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;


/**
 * Starts OpenTelemetry's Node SDK, configured by the OTEL_* variables it reads itself; only traces are exported
 * (metrics are Prometheus's at /metrics, logs are JSON lines on stdout). Runs in the preload, before the service's
 * modules load, so that pg, ioredis and http are patched when imported (the ESM hook of import-in-the-middle).
 */
export async function startTracing(config: TracingConfig): Promise<void> {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  let untracedPorts: ReadonlySet<number> = new Set();
  const sdk = new NodeSDK({
    serviceName: config.defaultServiceName,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? '') || untracedPorts.has(request.socket.localPort ?? 0),
        // Outgoing node:http requests (the S3 client) are traced inside a trace only, never as traces of their own.
        requireParentforOutgoingSpans: true,
        // The dashboard refuses ?token=; its value is not kept either.
        redactedQueryParamsServer: ['token'],
      }),
      // Our webhook POSTs (libs/webhook-sender's undici Agent): traced inside a delivery span, which gives them their traceparent.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      // Statement text only: parameter values carry bodies, user ids and key hashes.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true, ignoreConnectSpans: true }),
      // Command names only: arguments are keys and job payloads.
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });
  sdk.start();
  const logger = new Logger('OpenTelemetry');
  diag.setLogger(
    { error: (message) => logger.error(message), warn: (message) => logger.warn(message), info: () => undefined, debug: () => undefined, verbose: () => undefined },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  untracedPorts = tracingStarted(trace.getTracer(config.defaultServiceName ?? 'webhook-delivery'), () => sdk.shutdown());
  await waitForAllMessagesAcknowledged();
}
