import type { Environment } from '../../../domain/environment.js';
import type { HookKind, HookStatus } from '../../../domain/hook.js';

/** A registration: where one client receives one kind of webhook in one environment. */
export interface Hook {
  id: string;
  clientId: string;
  environment: Environment;
  kind: HookKind;
  url: string;
  status: HookStatus;
  signingSecret: string;
  consecutiveFailures: number;
  updatedAt: Date;
}

export interface Client {
  id: string;
  name: string;
  createdAt: Date;
  hooks: Hook[];
}

/** The URL of each hook a new client subscribes to. */
export interface HookSubscription {
  environment: Environment;
  kind: HookKind;
  url: string;
}
