import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';

/**
 * The service's whole use of tracing: spans around its own work, and a trace's position kept as a W3C traceparent
 * string where work waits (a document's ledger row). Until `--import ./dist/src/telemetry.js` started the SDK, every
 * function here is a branch on one variable: nothing is created, nothing is exported.
 */

export { SpanKind, SpanStatusCode };
export type { Span };

interface Started {
  tracer: Tracer;
  shutdown: () => Promise<void>;
  /** Local ports of servers whose incoming requests are not ours to trace (the embedded S3). */
  untracedPorts: Set<number>;
}

let started: Started | null = null;

/** Called once, by the SDK's start-up in the preload; nothing else turns tracing on. */
export function tracingStarted(tracer: Tracer, shutdown: () => Promise<void>): ReadonlySet<number> {
  started = { tracer, shutdown, untracedPorts: new Set() };
  return started.untracedPorts;
}

export function isTracing(): boolean {
  return started !== null;
}

/** Exports the spans still buffered and stops; a no-op while tracing is off. */
export async function stopTracing(): Promise<void> {
  const stopping = started;
  started = null;
  await stopping?.shutdown();
}

/** The HTTP server span of the request being served is named after the route matched (`POST /v1/documents/:id`), not just its method. */
export function nameServerSpanAfterRoute(method: string, route: string): void {
  const span = started && trace.getActiveSpan();
  if (!span) return;
  span.setAttribute('http.route', route);
  span.updateName(`${method} ${route}`);
}

/** Requests to a server on this local port start no trace (a stand-in for a remote dependency, like the embedded S3). */
export function untracedServerPort(port: number): void {
  started?.untracedPorts.add(port);
}

export interface SpanOptions {
  kind?: SpanKind;
  /**
   * The span's parent as a traceparent (a span that ended long ago, in another process maybe); null: a new trace.
   * Left out: the active span, if any.
   */
  parent?: string | null;
  /** Spans this one follows from without being their child, as traceparents (nulls are skipped). */
  links?: readonly (string | null)[];
  attributes?: Attributes;
}

/** A span that records nothing, handed to work while tracing is off. */
const NO_SPAN = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: TraceFlags.NONE });

/**
 * Runs `work` inside a new span, active for everything it awaits (queries, HTTP calls, log lines). `options` is asked
 * for only while tracing is on. A thrown error marks the span as failed with the error's class name only: messages
 * can quote input.
 */
export async function inSpan<T>(name: string, spanOptions: () => SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  if (started === null) return work(NO_SPAN);
  const options = spanOptions();
  const links = (options.links ?? []).map(spanContextOf).filter((linked): linked is SpanContext => linked !== null).map((linked): Link => ({ context: linked }));
  return started.tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, links, attributes: options.attributes }, parentContext(options), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.constructor.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span as a W3C traceparent (`00-<trace id>-<span id>-<flags>`), to be kept with work that continues later; null while tracing is off. */
export function currentTraceparent(): string | null {
  if (started === null) return null;
  const active = trace.getSpanContext(context.active());
  if (!active || !trace.isSpanContextValid(active)) return null;
  return `00-${active.traceId}-${active.spanId}-${active.traceFlags.toString(16).padStart(2, '0')}`;
}

/** The trace and span a log line is written in, if any. */
export function activeSpanIds(): { traceId: string; spanId: string } | undefined {
  if (started === null) return undefined;
  const active = trace.getSpanContext(context.active());
  return active && trace.isSpanContextValid(active) ? { traceId: active.traceId, spanId: active.spanId } : undefined;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function spanContextOf(traceparent: string | null): SpanContext | null {
  const match = traceparent === null ? null : TRACEPARENT.exec(traceparent);
  if (!match) return null;
  const parsed: SpanContext = { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED, isRemote: true };
  return trace.isSpanContextValid(parsed) ? parsed : null;
}

function parentContext({ parent }: SpanOptions): Context {
  if (parent === undefined) return context.active();
  const parsed = spanContextOf(parent);
  return parsed ? trace.setSpanContext(ROOT_CONTEXT, parsed) : ROOT_CONTEXT;
}
