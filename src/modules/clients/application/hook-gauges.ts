import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ScrapedGauge } from '../../../../libs/metrics/index.js';
import { ENVIRONMENTS } from '../../../domain/environment.js';
import { HOOK_KINDS, HOOK_STATUSES } from '../../../domain/hook.js';
import { HookStatuses } from './ports/hook-statuses.js';

const hooksByStatus = new ScrapedGauge({
  name: 'clients_hooks',
  help: 'Hooks, by environment, kind (data or notification) and status (Active, Suspended, Restarting)',
  labelNames: ['environment', 'kind', 'status'],
  reportedAlways: ENVIRONMENTS.flatMap((environment) => HOOK_KINDS.flatMap((kind) => HOOK_STATUSES.map((status) => ({ environment, kind, status })))),
});

/** The hooks gauge reads the hooks table at each scrape, in every process: each process reports the same counts. */
@Injectable()
export class HookGauges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stop?: () => void;

  constructor(private readonly health: HookStatuses) {}

  onApplicationBootstrap(): void {
    this.stop = hooksByStatus.readFrom(async () =>
      (await this.health.countByStatus()).map(({ environment, kind, status, count }) => ({ labels: { environment, kind, status }, value: count })),
    );
  }

  beforeApplicationShutdown(): void {
    this.stop?.();
  }
}
