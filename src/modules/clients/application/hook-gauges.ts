import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GaugeBoard, SharedGauge } from '../../../../libs/metrics/index.js';
import { ENVIRONMENTS } from '../../../domain/environment.js';
import { HOOK_KINDS, HOOK_STATUSES } from '../../../domain/hook.js';
import { HookStatuses } from './ports/hook-statuses.js';

const hooksByStatus = new SharedGauge({
  name: 'clients_hooks',
  help: 'Hooks, by environment, kind (data or notification) and status (Active, Suspended, Restarting)',
  labelNames: ['environment', 'kind', 'status'],
  reportedAlways: ENVIRONMENTS.flatMap((environment) => HOOK_KINDS.flatMap((kind) => HOOK_STATUSES.map((status) => ({ environment, kind, status })))),
});

/** The hooks gauge, counted by one process per METRICS_INTERVAL and reported by every process. */
@Injectable()
export class HookGauges implements OnModuleInit {
  constructor(
    private readonly health: HookStatuses,
    private readonly gauges: GaugeBoard,
  ) {}

  onModuleInit(): void {
    this.gauges.count(hooksByStatus, async () =>
      (await this.health.countByStatus()).map(({ environment, kind, status, count }) => ({ labels: { environment, kind, status }, value: count })),
    );
  }
}
