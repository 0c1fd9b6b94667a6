import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually.js';

/** A span as OTLP/JSON carries it (OTEL_EXPORTER_OTLP_PROTOCOL=http/json): ids are hex strings. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  links: { traceId: string; spanId: string }[];
  attributes: Record<string, string | number | boolean>;
  status: { code?: number; message?: string };
  service: string;
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

const valueOf = (value: AnyValue): string | number | boolean =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue ?? ''));

const attributesOf = (list: { key: string; value: AnyValue }[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));

/** An OTLP/HTTP collector on loopback: it keeps every request it gets (any path) and the spans of /v1/traces. */
export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  /** Every request, whatever its path or body: what an exporter sent at all. */
  readonly requests: { path: string; body: string }[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ path: request.url ?? '', body });
        if (request.url === '/v1/traces' && request.headers['content-type']?.includes('json')) this.keep(JSON.parse(body));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  static async start(): Promise<OtlpCollector> {
    const collector = new OtlpCollector();
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  /** What OTEL_EXPORTER_OTLP_ENDPOINT names: the exporter adds /v1/traces. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Spans of one trace, once `ready` says they are all in. */
  async trace(traceId: string, ready: (spans: CollectedSpan[]) => boolean, timeoutMs = 15_000): Promise<CollectedSpan[]> {
    return eventually(
      () => {
        const spans = this.spans.filter((span) => span.traceId === traceId);
        if (!ready(spans)) throw new Error(`trace ${traceId}: ${spans.map((span) => span.name).join(', ') || 'no span'} so far`);
        return spans;
      },
      { timeoutMs },
    );
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private keep(request: { resourceSpans?: any[] }): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            links: (span.links ?? []).map(({ traceId, spanId }: { traceId: string; spanId: string }) => ({ traceId, spanId })),
            attributes: attributesOf(span.attributes),
            status: span.status ?? {},
            service,
          });
        }
      }
    }
  }
}
