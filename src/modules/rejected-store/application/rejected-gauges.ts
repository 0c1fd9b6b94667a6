import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GaugeBoard, SharedGauge } from '../../../../libs/metrics/index.js';
import { ENVIRONMENTS } from '../../../domain/environment.js';
import { RejectedRecords } from './ports/rejected-records.js';

const documentsRejected = new SharedGauge({
  name: 'delivery_documents_rejected',
  help: 'Documents waiting in the rejected bucket of their environment (stored, not resent, within their retention)',
  labelNames: ['environment'],
  reportedAlways: ENVIRONMENTS.map((environment) => ({ environment })),
});

/** The gauge of what waits in the rejected buckets, counted by one process per METRICS_INTERVAL and reported by every process. */
@Injectable()
export class RejectedGauges implements OnModuleInit {
  constructor(
    private readonly records: RejectedRecords,
    private readonly gauges: GaugeBoard,
  ) {}

  onModuleInit(): void {
    this.gauges.count(documentsRejected, async () => (await this.records.countWaiting()).map(({ environment, count }) => ({ labels: { environment }, value: count })));
  }
}
