import type { DeliveryTrigger } from '../../../../domain/document.js';
import { SpanKind, type SpanOptions } from '../../../../infrastructure/telemetry/tracing.js';

/**
 * How a document's trace runs through the ledger, after OpenTelemetry's messaging conventions: the ingest span is the
 * document's creation context (its traceparent is kept on the row), and each attempt is a "process" span.
 * Attributes are written out, not spread from a shared object: V8 builds such spread objects slowly (µs each).
 */
export const INGEST_SPAN = 'ingest documents';
export const DELIVERY_SPAN = 'deliver documents';

export function ingestSpan(documents: number): SpanOptions {
  return {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'webhook_ledger',
      'messaging.destination.name': 'documents',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'ingest',
      'messaging.batch.message_count': documents,
    },
  };
}

export interface DeliverySpanFacts {
  documentId: string;
  /** The ingest span, as kept on the document's row (null when it was ingested with tracing off). */
  traceParent: string | null;
  trigger: DeliveryTrigger;
  hookId: string;
  deliveryId: string;
  attempt: number;
}

/**
 * The first attempt continues the producer's trace as a child of the ingest span, so the receiver's traceparent
 * carries the producer's trace id. A retry (hours later) starts a trace of its own that links to the ingest span, as
 * the conventions ask of consumers: one trace does not stay open for days. An attempt a client asked for (resend,
 * redeliver) belongs to that request's trace, if any, and links to the ingest span too.
 */
export function deliverySpan({ documentId, traceParent, trigger, hookId, deliveryId, attempt }: DeliverySpanFacts): SpanOptions {
  const attributes = {
    'messaging.system': 'webhook_ledger',
    'messaging.destination.name': 'documents',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'deliver',
    'messaging.message.id': documentId,
    'webhook.hook.id': hookId,
    'webhook.delivery.id': deliveryId,
    'webhook.delivery.attempt': attempt,
    'webhook.delivery.trigger': trigger,
  };
  if (trigger === 'initial') return { kind: SpanKind.CONSUMER, parent: traceParent, attributes };
  if (trigger === 'retry') return { kind: SpanKind.CONSUMER, parent: null, links: [traceParent], attributes };
  return { kind: SpanKind.CONSUMER, links: [traceParent], attributes };
}
