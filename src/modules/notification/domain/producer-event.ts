import type { Environment } from '../../../domain/environment.js';
import { createEvent, type DomainEvent, type ExtractionFailureReason } from '../../../domain/events.js';

/** The domain events producers hand over through POST /v1/domain-events. */
export const PRODUCER_EVENT_TYPES = ['user.created', 'data_source.linked', 'data_source.unlinked', 'extraction.failed'] as const;
export type ProducerEventType = (typeof PRODUCER_EVENT_TYPES)[number];

/** The types that name a data source. */
export const DATA_SOURCE_EVENT_TYPES: readonly ProducerEventType[] = ['data_source.linked', 'data_source.unlinked', 'extraction.failed'];

export interface ProducerFact {
  clientId: string;
  environment: Environment;
  type: ProducerEventType;
  userId: string;
  dataSource?: string;
  reason?: ExtractionFailureReason;
}

/** The catalogue event for a validated fact; its id is the producer's, so a repeat is recognisable. */
export function catalogueEventFor(id: string, fact: ProducerFact): DomainEvent<ProducerEventType> {
  const user = { clientId: fact.clientId, environment: fact.environment, userId: fact.userId };
  switch (fact.type) {
    case 'user.created':
      return createEvent('user.created', user, { id });
    case 'data_source.linked':
    case 'data_source.unlinked':
      return createEvent(fact.type, { ...user, dataSource: fact.dataSource! }, { id });
    case 'extraction.failed':
      return createEvent('extraction.failed', { ...user, dataSource: fact.dataSource!, reason: fact.reason! }, { id });
  }
}
