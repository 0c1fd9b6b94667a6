import { Injectable } from '@nestjs/common';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import type { HookKind } from '../../../domain/hook.js';
import type { Client, Hook, HookSubscription } from '../domain/client.js';
import { ClientNotFound, HookAlreadyActive, HookNotFound } from '../domain/clients.errors.js';
import { hashApiKey, newApiKey } from '../domain/credentials.js';
import { ClientRepository } from '../infrastructure/client.repository.js';
import { TypeOrmHookDirectory } from '../infrastructure/typeorm-hook-directory.js';

export interface EnvironmentHooks {
  dataWebhookUrl: string;
  notificationWebhookUrl?: string;
}

/** Use cases of the Clients API. Every change to a hook is forgotten by this process's hook cache at once. */
@Injectable()
export class ClientsService {
  constructor(
    private readonly clients: ClientRepository,
    private readonly directory: TypeOrmHookDirectory,
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

  async putHook(clientId: string, environment: Environment, kind: HookKind, url: string): Promise<Hook> {
    const hook = await this.clients.putHook(clientId, environment, kind, url);
    this.directory.forget(clientId);
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
