import type { Environment } from '../environment.js';
import type { HookKind, HookStatus } from '../hook.js';

/** Where a hook sends, and with which secret. */
export interface HookTarget {
  id: string;
  clientId: string;
  environment: Environment;
  kind: HookKind;
  url: string;
  signingSecret: string;
  status: HookStatus;
}

/** Clients' answer to "where does this client receive?". Provided by the Clients module. */
export abstract class HookDirectory {
  abstract find(clientId: string, environment: Environment, kind: HookKind): Promise<HookTarget | null>;
  abstract findById(hookId: string): Promise<HookTarget | null>;
}
