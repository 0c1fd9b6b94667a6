import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import type { HookKind } from '../../../domain/hook.js';
import type { Client, Hook, HookSubscription, LimitsChange } from '../domain/client.js';
import { ClientNotFound, HookNotFound } from '../../../domain/errors.js';
import { HookAlreadyActive } from '../domain/clients.errors.js';
import { hashApiKey, newApiKey, newSigningSecret } from '../domain/credentials.js';
import { previousExpiry } from '../domain/rotation.js';
import { ClientDirectory } from './ports/client-directory.js';
import { HookCache } from './ports/hook-cache.js';

export interface EnvironmentHooks {
  dataWebhookUrl: string;
  notificationWebhookUrl?: string;
}

/** Use cases of the Clients API. Every change to a hook is forgotten by this process's hook cache at once. */
@Injectable()
export class ClientsService {
  constructor(
    private readonly clients: ClientDirectory,
    private readonly directory: HookCache,
    private readonly config: AppConfig,
  ) {}

  /** The API key is returned here once and never again. */
  async createClient(name: string, environments: Partial<Record<Environment, EnvironmentHooks>>): Promise<Client & { apiKey: string }> {
    const subscriptions: HookSubscription[] = ENVIRONMENTS.flatMap((environment) => {
      const hooks = environments[environment];
      if (!hooks) return [];
      const data: HookSubscription = { environment, kind: 'data', url: hooks.dataWebhookUrl };
      return hooks.notificationWebhookUrl ? [data, { environment, kind: 'notification', url: hooks.notificationWebhookUrl }] : [data];
    });
    const apiKey = newApiKey();
    const client = await this.clients.create(name, hashApiKey(apiKey), subscriptions);
    return { ...client, apiKey };
  }

  async getClient(clientId: string): Promise<Client> {
    const client = await this.clients.find(clientId);
    if (!client) throw new ClientNotFound();
    return client;
  }

  /** A new key for the client, shown here once; the previous one works for SECRET_ROTATION_OVERLAP unless revoked now. */
  async rotateApiKey(clientId: string, revokePrevious: boolean): Promise<{ apiKey: string; previousKeyExpiresAt: Date | null }> {
    const apiKey = newApiKey();
    const previousKeyExpiresAt = previousExpiry(new Date(), revokePrevious ? 0 : this.config.secretRotationOverlapMs);
    if (!(await this.clients.rotateApiKey(clientId, hashApiKey(apiKey), previousKeyExpiresAt))) throw new ClientNotFound();
    return { apiKey, previousKeyExpiresAt };
  }

  /** `created` is true when this subscribed (the answer then shows the new hook's secret, once). */
  async putHook(clientId: string, environment: Environment, kind: HookKind, url: string, limits: LimitsChange = {}): Promise<{ hook: Hook; created: boolean }> {
    const put = await this.clients.putHook(clientId, environment, kind, url, limits);
    this.directory.forget(clientId);
    return put;
  }

  /** Other processes see the change within a second (their hook directory's cache), this one at once. */
  async setLimits(hookId: string, clientId: string | null, limits: LimitsChange): Promise<Hook> {
    const hook = await this.clients.setLimits(hookId, clientId, limits);
    if (!hook) throw new HookNotFound();
    this.directory.forget(hook.clientId);
    return hook;
  }

  async deleteHook(clientId: string, environment: Environment, kind: HookKind): Promise<void> {
    if (!(await this.clients.deleteHook(clientId, environment, kind))) throw new HookNotFound();
    this.directory.forget(clientId);
  }

  /** The hooks of one client, or of every client when clientId is null (an operator without a filter). */
  async registrations(clientId: string | null): Promise<Hook[]> {
    return this.clients.hooksOf(clientId);
  }

  /** A hook of the caller's (any hook for an operator, clientId null), with its secrets. */
  async hook(hookId: string, clientId: string | null): Promise<Hook> {
    const hook = await this.clients.findHook(hookId, clientId);
    if (!hook) throw new HookNotFound();
    return hook;
  }

  /** A new signing secret; the current one keeps signing (both signatures on every delivery) for the overlap. */
  async rotateSigningSecret(hookId: string, clientId: string | null, overlapMs = this.config.secretRotationOverlapMs): Promise<Hook> {
    const hook = await this.clients.rotateSigningSecret(hookId, clientId, newSigningSecret(), previousExpiry(new Date(), overlapMs));
    if (!hook) throw new HookNotFound();
    this.directory.forget(hook.clientId);
    return hook;
  }

  /** Suspended (or already Restarting) → Restarting; the next delivery decides whether it becomes Active. */
  async restart(hookId: string, clientId: string | null): Promise<Hook> {
    const restarted = await this.clients.restart(hookId, clientId);
    if (restarted) {
      this.directory.forget(restarted.clientId);
      return restarted;
    }
    const hook = await this.clients.findHook(hookId, clientId);
    if (!hook) throw new HookNotFound();
    throw new HookAlreadyActive();
  }
}
