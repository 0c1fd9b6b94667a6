/** A fact that happened, as the kernel carries it; payloads are opaque to the kernel. */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  id: string;
  type: TType;
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  /** When set, the event is handled no earlier than this instant (a delayed message). */
  deliverAt: string | null;
  payload: TPayload;
}
