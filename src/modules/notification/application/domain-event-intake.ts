import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventBus } from '../../../../libs/kernel/index.js';
import { UnavailableError } from '../../../domain/errors.js';
import { isUnavailable } from '../../../infrastructure/database/database-failure.js';
import { Partitions } from '../../../infrastructure/database/partitions.js';
import { catalogueEventFor, type ProducerFact } from '../domain/producer-event.js';
import { DomainEventReceipts } from './ports/domain-event-receipts.js';
import { newId } from '../../../domain/ids.js';

/** Accepts a producer's domain event once per id and publishes it into the catalogue. */
@Injectable()
export class DomainEventIntake {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly receipts: DomainEventReceipts,
    private readonly partitions: Partitions,
  ) {}

  async accept(fact: ProducerFact & { id?: string }): Promise<string> {
    const id = fact.id ?? newId();
    try {
      await this.partitions.retryingWhereMissing(() =>
        this.dataSource.transaction(async (tx) => {
          const isNew = await this.receipts.record(tx, { id, idGiven: fact.id !== undefined, type: fact.type, clientId: fact.clientId, environment: fact.environment });
          if (isNew) await this.bus.publish(tx, catalogueEventFor(id, fact));
        }),
      );
    } catch (error) {
      // Only an outage is worth sending again: the producer still holds the event and may repeat its id.
      if (!isUnavailable(error)) throw error;
      throw new UnavailableError('NOTIFICATION.DOMAIN_EVENT_NOT_RECORDED', 'the domain event could not be recorded now; send it again', error);
    }
    return id;
  }
}
