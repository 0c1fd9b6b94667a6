import type { Client, Hook } from '../domain/client.js';

export interface HookResponse {
  id: string;
  environment: Hook['environment'];
  kind: Hook['kind'];
  url: string;
  status: Hook['status'];
  signingSecret?: string;
  consecutiveFailures: number;
  updatedAt: string;
}

/** The Hook of the API; the signing secret only goes to operators. */
export function hookResponse(hook: Hook, withSecret: boolean): HookResponse {
  return {
    id: hook.id,
    environment: hook.environment,
    kind: hook.kind,
    url: hook.url,
    status: hook.status,
    ...(withSecret ? { signingSecret: hook.signingSecret } : {}),
    consecutiveFailures: hook.consecutiveFailures,
    updatedAt: hook.updatedAt.toISOString(),
  };
}

export function clientResponse(client: Client) {
  return {
    id: client.id,
    name: client.name,
    createdAt: client.createdAt.toISOString(),
    hooks: client.hooks.map((hook) => hookResponse(hook, true)),
  };
}
