import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver, type ReceivedRequest } from '../support/receiver.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { createClient, verify, type CreatedClient } from './notification-helpers.js';

const DEFAULT_OVERLAP_MS = 3_600_000;
const bearer = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });
const signaturesOf = (request: ReceivedRequest) => String(request.headers['webhook-signature']).split(' ');

describe('signing secrets: read and rotate, both signatures during the overlap', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;

  before(async () => {
    service = await TestService.start(env, { SECRET_ROTATION_OVERLAP: `${DEFAULT_OVERLAP_MS}ms` });
    receiver = await Receiver.start();
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const newClient = () =>
    createClient(service, { sandbox: { dataWebhookUrl: `${receiver.url}/data`, notificationWebhookUrl: `${receiver.url}/notify` } });
  const secretPath = (hookId: string) => `/webhooks/v1/registrations/${hookId}/secret`;
  const rotate = (hookId: string, headers: Record<string, string>, body: unknown = {}) =>
    service.request('POST', `${secretPath(hookId)}/rotate`, { body, headers });

  /** Hands over a document and waits for the data hook to receive it. */
  async function deliverDocument(client: CreatedClient): Promise<ReceivedRequest> {
    const id = randomUUID();
    const body = { id, clientId: client.id, environment: 'sandbox', kind: 'summary', type: 'physical_summary', userId: 'user-1', data: { steps: 1 } };
    assert.equal((await service.request('POST', '/v1/documents', { body, headers: PRODUCER })).status, 202);
    return eventually(() => {
      const received = receiver.requests.find((request) => request.headers['webhook-id'] === id);
      assert.ok(received, 'delivered');
      return received;
    });
  }

  /** Posts a domain event and waits for the notification hook to receive it. */
  async function deliverNotification(client: CreatedClient): Promise<ReceivedRequest> {
    const id = randomUUID();
    const body = { id, clientId: client.id, environment: 'sandbox', type: 'user.created', userId: 'user-1' };
    assert.equal((await service.request('POST', '/v1/domain-events', { body, headers: PRODUCER })).status, 202);
    return eventually(() => {
      const received = receiver.requests.find((request) => request.json?.id === id);
      assert.ok(received, 'notified');
      return received;
    });
  }

  it('shows a hook its own secret, an operator any, another client none', async () => {
    const client = await newClient();
    const other = await newClient();
    const hook = client.hook('sandbox', 'data');
    for (const headers of [bearer(client.apiKey), OPERATOR]) {
      const secret = await service.request('GET', secretPath(hook.id), { headers });
      assert.equal(secret.status, 200);
      assert.deepEqual(secret.body, { signingSecret: hook.signingSecret });
    }
    assert.equal((await service.request('GET', secretPath(hook.id), { headers: bearer(other.apiKey) })).status, 404);
    assert.equal((await rotate(hook.id, bearer(other.apiKey))).status, 404);
    assert.equal((await service.request('GET', secretPath(randomUUID()), { headers: OPERATOR })).status, 404);
    assert.equal((await service.request('GET', secretPath('nope'), { headers: OPERATOR })).status, 400);
    assert.equal((await service.request('GET', secretPath(hook.id))).status, 401);
  });

  it('signs every delivery with both secrets during the overlap, then with the new one only', async () => {
    const client = await newClient();
    const data = client.hook('sandbox', 'data');
    const notification = client.hook('sandbox', 'notification');
    const rotations = await Promise.all([data, notification].map((hook) => rotate(hook.id, bearer(client.apiKey), { overlap: '6s' })));
    for (const rotation of rotations) {
      assert.equal(rotation.status, 200, JSON.stringify(rotation.body));
      assert.match(rotation.body.signingSecret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    }
    const [next, nextNotification] = rotations.map((rotation) => rotation.body.signingSecret as string);
    assert.notEqual(next, data.signingSecret);
    const shown = await service.request('GET', secretPath(data.id), { headers: bearer(client.apiKey) });
    assert.deepEqual(shown.body, { signingSecret: next, previousSecret: data.signingSecret, previousSecretExpiresAt: rotations[0].body.previousSecretExpiresAt });

    const during = [
      { request: await deliverDocument(client), secrets: [next, data.signingSecret] },
      { request: await deliverNotification(client), secrets: [nextNotification, notification.signingSecret] },
    ];
    for (const { request, secrets } of during) {
      assert.equal(signaturesOf(request).length, 2, 'v1,<new> v1,<old>');
      for (const secret of secrets) assert.deepEqual(verify(request, secret), request.json, 'a receiver with either secret verifies it');
    }

    const afterOverlap = await eventually(
      async () => {
        const request = await deliverDocument(client);
        assert.equal(signaturesOf(request).length, 1);
        return request;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    assert.ok(Date.now() >= Date.parse(rotations[0].body.previousSecretExpiresAt), 'one signature only once the overlap is over');
    assert.deepEqual(verify(afterOverlap, next), afterOverlap.json);
    assert.throws(() => verify(afterOverlap, data.signingSecret), 'the old secret no longer verifies');
    assert.deepEqual((await service.request('GET', secretPath(data.id), { headers: bearer(client.apiKey) })).body, { signingSecret: next });
  });

  it('drops the previous secret at once with an overlap of 0', async () => {
    const client = await newClient();
    const hook = client.hook('sandbox', 'data');
    const rotated = await rotate(hook.id, OPERATOR, { overlap: '0' });
    assert.equal(rotated.status, 200);
    assert.equal(rotated.body.previousSecretExpiresAt, null);
    const request = await deliverDocument(client);
    assert.equal(signaturesOf(request).length, 1);
    verify(request, rotated.body.signingSecret);
    assert.throws(() => verify(request, hook.signingSecret));
  });

  it('keeps the previous secret for SECRET_ROTATION_OVERLAP when no overlap is given', async () => {
    const client = await newClient();
    const before = Date.now();
    const rotated = await rotate(client.hook('sandbox', 'data').id, bearer(client.apiKey));
    const expiresAt = Date.parse(rotated.body.previousSecretExpiresAt);
    assert.ok(expiresAt >= before + DEFAULT_OVERLAP_MS && expiresAt <= Date.now() + DEFAULT_OVERLAP_MS, rotated.body.previousSecretExpiresAt);
  });

  it('refuses a bad overlap and changes nothing', async () => {
    const client = await newClient();
    const hook = client.hook('sandbox', 'data');
    for (const body of [{ overlap: 'forever' }, { overlap: '31d' }, { overlap: -5 }, { overlap: '1h', also: true }]) {
      const refused = await rotate(hook.id, bearer(client.apiKey), body);
      assert.equal(refused.status, 400, JSON.stringify(body));
    }
    const secret = await service.request('GET', secretPath(hook.id), { headers: bearer(client.apiKey) });
    assert.deepEqual(secret.body, { signingSecret: hook.signingSecret });
  });
});
