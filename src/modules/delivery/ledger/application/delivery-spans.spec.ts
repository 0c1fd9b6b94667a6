import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '../../../../infrastructure/telemetry/tracing.js';
import { deliverySpan, type DeliverySpanFacts } from './delivery-spans.js';

const INGEST = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const facts = (trigger: DeliverySpanFacts['trigger']): DeliverySpanFacts => ({
  documentId: 'd1',
  traceParent: INGEST,
  trigger,
  hookId: 'h1',
  deliveryId: 'x1',
  attempt: 3,
});

describe('where a delivery span goes', () => {
  it("continues the ingest's trace on the first attempt", () => {
    const span = deliverySpan(facts('initial'));
    assert.equal(span.parent, INGEST);
    assert.equal(span.links, undefined);
    assert.equal(span.kind, SpanKind.CONSUMER);
  });

  it('starts a new trace for a retry, linked to the ingest span', () => {
    const span = deliverySpan(facts('retry'));
    assert.equal(span.parent, null);
    assert.deepEqual(span.links, [INGEST]);
  });

  it("stays in the asking request's trace for a resend, redeliver or replay, linked to the ingest span", () => {
    for (const trigger of ['resend', 'redeliver', 'replay'] as const) {
      const span = deliverySpan(facts(trigger));
      assert.ok(!('parent' in span), 'the active span is the parent');
      assert.deepEqual(span.links, [INGEST]);
    }
  });

  it('names the document, hook and attempt, never its user or body', () => {
    assert.deepEqual(Object.keys(deliverySpan(facts('initial')).attributes ?? {}).sort(), [
      'messaging.destination.name',
      'messaging.message.id',
      'messaging.operation.name',
      'messaging.operation.type',
      'messaging.system',
      'webhook.delivery.attempt',
      'webhook.delivery.id',
      'webhook.delivery.trigger',
      'webhook.hook.id',
    ]);
  });
});
