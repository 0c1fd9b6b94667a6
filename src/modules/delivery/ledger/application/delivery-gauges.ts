import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GaugeBoard, SharedGauge } from '../../../../../libs/metrics/index.js';
import { ENVIRONMENTS } from '../../../../domain/environment.js';
import { DocumentLedger, PENDING_STATES } from './ports/document-ledger.js';

const documentsPending = new SharedGauge({
  name: 'delivery_documents_pending',
  help: 'Pending documents, by environment and state: due (being sent or waiting for a lane), retrying (waiting for a retry), storing (waiting for the rejected bucket)',
  labelNames: ['environment', 'state'],
  reportedAlways: ENVIRONMENTS.flatMap((environment) => PENDING_STATES.map((state) => ({ environment, state }))),
});

/** Delivery's gauge of the queue, counted by one process per METRICS_INTERVAL and reported by every process. */
@Injectable()
export class DeliveryGauges implements OnModuleInit {
  constructor(
    private readonly ledger: DocumentLedger,
    private readonly gauges: GaugeBoard,
  ) {}

  onModuleInit(): void {
    this.gauges.count(documentsPending, async () =>
      (await this.ledger.countPending()).map(({ environment, state, count }) => ({ labels: { environment, state }, value: count })),
    );
  }
}
