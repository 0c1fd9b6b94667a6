import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Actor, HANDLERS_METADATA, handlerDecorators, type HandlerDefinition } from './actor.decorators.js';
import type { EventEnvelope } from './envelope.js';
import type { BatchContext, MessageContext } from './message-context.js';

interface Catalogue {
  'parcel.sent': { parcelId: string };
  'parcel.lost': { reason: 'stolen' | 'misrouted' };
}
const { On, OnBatch } = handlerDecorators<Catalogue>();

// The lines marked @ts-expect-error are the test: `npm run typecheck` fails if any of them compiles.
@Actor('parcels')
class Parcels {
  @On('parcel.sent')
  sent(_event: EventEnvelope<'parcel.sent', { parcelId: string }>, _context: MessageContext): Promise<void> {
    return Promise.resolve();
  }

  /** Fewer parameters are fine. */
  @On('parcel.lost', { when: (event) => event.payload.reason === 'stolen' })
  lost(_event: EventEnvelope<'parcel.lost', Catalogue['parcel.lost']>): Promise<void> {
    return Promise.resolve();
  }

  // @ts-expect-error: a handler typed for another event
  @On('parcel.sent')
  typedForAnotherEvent(_event: EventEnvelope<'parcel.lost', Catalogue['parcel.lost']>): Promise<void> {
    return Promise.resolve();
  }

  // @ts-expect-error: a payload the event does not carry
  @On('parcel.lost')
  wrongPayload(_event: EventEnvelope<'parcel.lost', { parcelId: string }>): Promise<void> {
    return Promise.resolve();
  }

  // @ts-expect-error: a batch handler takes an array of envelopes
  @OnBatch('parcel.sent')
  notAnArray(_event: EventEnvelope<'parcel.sent', Catalogue['parcel.sent']>, _context: BatchContext): Promise<void> {
    return Promise.resolve();
  }

  @OnBatch('parcel.sent')
  sentMany(_events: EventEnvelope<'parcel.sent', Catalogue['parcel.sent']>[], _context: BatchContext): Promise<void> {
    return Promise.resolve();
  }
}

describe('handler decorators', () => {
  it('declare each handler with its event type, whatever its parameter types', () => {
    const handlers: HandlerDefinition[] = Reflect.getMetadata(HANDLERS_METADATA, Parcels);
    assert.deepEqual(
      handlers.map(({ eventType, method, batch }) => ({ eventType, method, batch })),
      [
        { eventType: 'parcel.sent', method: 'sent', batch: false },
        { eventType: 'parcel.lost', method: 'lost', batch: false },
        { eventType: 'parcel.sent', method: 'typedForAnotherEvent', batch: false },
        { eventType: 'parcel.lost', method: 'wrongPayload', batch: false },
        { eventType: 'parcel.sent', method: 'notAnArray', batch: true },
        { eventType: 'parcel.sent', method: 'sentMany', batch: true },
      ],
    );
  });
});
