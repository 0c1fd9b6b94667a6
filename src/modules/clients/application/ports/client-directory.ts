import type { Environment } from '../../../../domain/environment.js';
import type { HookKind } from '../../../../domain/hook.js';
import type { Client, Hook, HookSubscription, LimitsChange } from '../../domain/client.js';

/** Clients and their hooks, as the Clients API keeps them. Methods that serve a client take its id: another client's hook is not found. */
export abstract class ClientDirectory {
  abstract create(name: string, apiKeyHash: string, subscriptions: HookSubscription[]): Promise<Client>;
  abstract find(clientId: string): Promise<Client | null>;
  /** A new key; the current one keeps working until `previousExpiresAt` (null: dropped now). False for an unknown client. */
  abstract rotateApiKey(clientId: string, apiKeyHash: string, previousExpiresAt: Date | null): Promise<boolean>;
  /** Every hook of one client, or of every client when clientId is null (operators). */
  abstract hooksOf(clientId: string | null): Promise<Hook[]>;
  /** Subscribes, or changes the URL of an existing hook (its secret, status and count stay); `created` tells which. */
  abstract putHook(clientId: string, environment: Environment, kind: HookKind, url: string, limits?: LimitsChange): Promise<{ hook: Hook; created: boolean }>;
  /** Sets the limits named (undefined: kept; null: back to the default). Null when the hook is unknown or foreign. */
  abstract setLimits(hookId: string, clientId: string | null, limits: LimitsChange): Promise<Hook | null>;
  /** A new signing secret; the current one keeps signing until `previousExpiresAt` (null: dropped now). Null when not found. */
  abstract rotateSigningSecret(hookId: string, clientId: string | null, secret: string, previousExpiresAt: Date | null): Promise<Hook | null>;
  /** False when there was no such hook. */
  abstract deleteHook(clientId: string, environment: Environment, kind: HookKind): Promise<boolean>;
  abstract findHook(hookId: string, clientId: string | null): Promise<Hook | null>;
  /** Restarting unless the hook is Active; null when nothing changed (unknown, foreign or Active). */
  abstract restart(hookId: string, clientId: string | null): Promise<Hook | null>;
}
