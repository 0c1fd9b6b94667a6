import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { notificationIdFor } from '../../src/modules/notification/domain/notification-for-event.js';
import { DataSource } from 'typeorm';
import { EventBus } from '../../libs/kernel/index.js';
import { createEvent, type EventCatalogue, type EventType } from '../../src/domain/events.js';
import type { Receiver, ReceivedRequest } from '../support/receiver.js';
import { OPERATOR, type TestService } from '../support/service.js';

export interface HookView {
  id: string;
  environment: 'sandbox' | 'production';
  kind: 'data' | 'notification';
  url: string;
  signingSecret: string;
}

export interface CreatedClient {
  id: string;
  apiKey: string;
  hooks: HookView[];
  hook(environment: 'sandbox' | 'production', kind: 'data' | 'notification'): HookView;
}

type EnvironmentHooks = { dataWebhookUrl: string; notificationWebhookUrl?: string };

export async function createClient(
  service: TestService,
  environments: { sandbox?: EnvironmentHooks; production?: EnvironmentHooks },
): Promise<CreatedClient> {
  const created = await service.request('POST', '/v1/clients', { body: { name: 'Acme Health', environments }, headers: OPERATOR });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const hooks = created.body.hooks as HookView[];
  return {
    id: created.body.id,
    apiKey: created.body.apiKey,
    hooks,
    hook(environment, kind) {
      const found = hooks.find((hook) => hook.environment === environment && hook.kind === kind);
      assert.ok(found, `no ${kind} hook in ${environment}`);
      return found;
    },
  };
}

/**
 * Publishes Delivery's fact about one document, as Delivery would; answers the id of the notification it
 * becomes (one per document of the fact).
 */
export async function publishAbout<T extends 'delivery.failed' | 'document.stored'>(
  service: TestService,
  type: T,
  hook: { hookId: string; clientId: string; environment: 'sandbox' | 'production' },
  document: EventCatalogue[T]['documents'][number],
): Promise<string> {
  const event = createEvent(type, { ...hook, documents: [document] } as EventCatalogue[T]);
  const bus = service.app.get(EventBus);
  await service.app.get(DataSource).transaction((tx) => bus.publish(tx, event));
  return notificationIdFor(event, document.documentId);
}

/** Publishes a catalogue event as its producing module would: in a transaction, through the kernel. */
export async function publish<T extends EventType>(service: TestService, type: T, payload: EventCatalogue[T]): Promise<string> {
  const event = createEvent(type, payload);
  const bus = service.app.get(EventBus);
  await service.app.get(DataSource).transaction((tx) => bus.publish(tx, event));
  return event.id;
}

export interface NotificationRow {
  id: string;
  status: string;
  attempts: number;
  type: string;
  category: string;
  last_response_status: number | null;
  last_error: string | null;
  hook_id: string | null;
}

export async function notificationRow(service: TestService, id: string): Promise<NotificationRow | undefined> {
  const rows: NotificationRow[] = await service.app
    .get(DataSource)
    .query('SELECT id, status, attempts, type, category, last_response_status, last_error, hook_id FROM notifications WHERE id = $1', [id]);
  return rows[0];
}

export async function notificationRowsOf(service: TestService, clientId: string): Promise<NotificationRow[]> {
  return service.app
    .get(DataSource)
    .query(
      'SELECT id, status, attempts, type, category, last_response_status, last_error, hook_id FROM notifications WHERE client_id = $1 ORDER BY created_at',
      [clientId],
    );
}

/** The notifications a receiver got, by notification id. */
export function notificationsWithId(receiver: Receiver, id: string): ReceivedRequest[] {
  return receiver.requests.filter((request) => request.json?.id === id);
}

/** Verifies a request's Standard Webhooks signature; throws when it does not match the secret. */
export function verify(request: ReceivedRequest, secret: string): unknown {
  return new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });
}
