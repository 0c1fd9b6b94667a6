/**
 * How `npm start` and the Docker image run the service: the heap capped at 1 GiB, so V8 collects instead of growing
 * toward its default limit (a quarter of the machine's memory), and the tracing preload first (it starts
 * OpenTelemetry's SDK only when an OTLP endpoint is set). Tests and the bench start processes the same way;
 * the documentation test checks that package.json and the Dockerfile agree.
 */
export const SERVICE_NODE_ARGS = ['--max-old-space-size=1024', '--import=./dist/src/telemetry.js'];

/** The arguments of `node` that start the built service (or another entry point, `main`), with `extra` V8 or Node flags first. */
export function serviceArgs(extra: readonly string[] = [], main = 'dist/src/main.js'): string[] {
  return [...SERVICE_NODE_ARGS, ...extra, main];
}
