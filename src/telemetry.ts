/**
 * Loaded before the service (`node --import ./dist/src/telemetry.js dist/src/main.js`, as `npm start`, the Docker image,
 * the tests and the bench run it): starts OpenTelemetry's SDK when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant)
 * is set. Otherwise the SDK is never loaded. A setting the SDK would refuse leaves tracing off here; main.ts then stops
 * with the configuration error.
 */
import { loadTracingConfig, type TracingConfig } from './config/tracing-config.js';

let tracing: TracingConfig | undefined;
try {
  tracing = loadTracingConfig();
} catch {
  tracing = undefined;
}
if (tracing?.enabled) {
  const { startTracing } = await import('./infrastructure/telemetry/start-tracing.js');
  await startTracing(tracing);
}
