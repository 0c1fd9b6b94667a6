import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ScrapedGauge } from '../../../../libs/metrics/index.js';
import { ENVIRONMENTS } from '../../../domain/environment.js';
import { DocumentLedger, PENDING_STATES } from './ports/document-ledger.js';
import { RejectedRecords } from './ports/rejected-records.js';

const documentsPending = new ScrapedGauge({
  name: 'delivery_documents_pending',
  help: 'Pending documents, by environment and state: due (being sent or waiting for a lane), retrying (waiting for a retry), storing (waiting for the rejected bucket)',
  labelNames: ['environment', 'state'],
  reportedAlways: ENVIRONMENTS.flatMap((environment) => PENDING_STATES.map((state) => ({ environment, state }))),
});

const documentsRejected = new ScrapedGauge({
  name: 'delivery_documents_rejected',
  help: 'Documents waiting in the rejected bucket of their environment (stored, not resent, within their retention)',
  labelNames: ['environment'],
  reportedAlways: ENVIRONMENTS.map((environment) => ({ environment })),
});

/** Delivery's gauges read its ledger at each scrape, in every process: each process reports the same counts. */
@Injectable()
export class DeliveryGauges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stops: (() => void)[] = [];

  constructor(
    private readonly ledger: DocumentLedger,
    private readonly rejected: RejectedRecords,
  ) {}

  onApplicationBootstrap(): void {
    this.stops = [
      documentsPending.readFrom(async () =>
        (await this.ledger.pendingByState()).map(({ environment, state, count }) => ({ labels: { environment, state }, value: count })),
      ),
      documentsRejected.readFrom(async () => (await this.rejected.waitingByEnvironment()).map(({ environment, count }) => ({ labels: { environment }, value: count }))),
    ];
  }

  beforeApplicationShutdown(): void {
    for (const stop of this.stops) stop();
  }
}
