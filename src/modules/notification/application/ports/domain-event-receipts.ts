import type { EntityManager } from 'typeorm';
import type { Environment } from '../../../../domain/environment.js';

/** Which producers' domain event ids were received, within EVENT_RETENTION. */
export abstract class DomainEventReceipts {
  /** True when this id is new; false when it was received before (then nothing is to be published). `idGiven`: the producer chose it. */
  abstract record(tx: EntityManager, receipt: { id: string; idGiven: boolean; type: string; clientId: string; environment: Environment }): Promise<boolean>;
}
