import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { signingSecretOf, type Client, type Hook } from '../domain/client.js';
import { previousInForce } from '../domain/rotation.js';

export interface HookResponse {
  id: string;
  environment: Hook['environment'];
  kind: Hook['kind'];
  url: string;
  status: Hook['status'];
  signingSecret?: string;
  consecutiveFailures: number;
  pausedUntil: string | null;
  rateLimit: number | null;
  maxInFlight: number;
  ordering: Hook['limits']['ordering'];
  updatedAt: string;
}

/**
 * The Hook of the API. Its signing secret only in the answer that creates the hook: never in a list or a lookup.
 * `maxInFlight` is the one in force (HOOK_MAX_IN_FLIGHT unless set); a pause that has ended reads null.
 */
function hookResponse(hook: Hook, defaultMaxInFlight: number, created: boolean, now: Date): HookResponse {
  return {
    id: hook.id,
    environment: hook.environment,
    kind: hook.kind,
    url: hook.url,
    status: hook.status,
    ...(created ? { signingSecret: hook.signingSecret } : {}),
    consecutiveFailures: hook.consecutiveFailures,
    pausedUntil: hook.pausedUntil && hook.pausedUntil > now ? hook.pausedUntil.toISOString() : null,
    rateLimit: hook.limits.rateLimit,
    maxInFlight: hook.limits.maxInFlight ?? defaultMaxInFlight,
    ordering: hook.limits.ordering,
    updatedAt: hook.updatedAt.toISOString(),
  };
}

/** Hooks and clients as the API shows them; the limits in force come from this deployment's defaults. */
@Injectable()
export class ClientResponses {
  constructor(private readonly config: AppConfig) {}

  hook(hook: Hook, created = false): HookResponse {
    return hookResponse(hook, this.config.hookMaxInFlight, created, new Date());
  }

  client(client: Client, created = false) {
    return { id: client.id, name: client.name, createdAt: client.createdAt.toISOString(), hooks: client.hooks.map((hook) => this.hook(hook, created)) };
  }
}

/** GET …/secret: the secret, and the previous one while its overlap lasts. */
export function signingSecretResponse(hook: Hook, now = new Date()) {
  const previous = previousInForce(signingSecretOf(hook), now);
  return {
    signingSecret: hook.signingSecret,
    ...(previous ? { previousSecret: previous.value, previousSecretExpiresAt: previous.expiresAt.toISOString() } : {}),
  };
}

/** POST …/secret/rotate: the new secret, and until when the previous one still signs (null: it stopped now). */
export function rotatedSecretResponse(hook: Hook) {
  return { signingSecret: hook.signingSecret, previousSecretExpiresAt: hook.previousSecretExpiresAt?.toISOString() ?? null };
}
