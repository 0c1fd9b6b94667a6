import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { concretePath, isProducerEndpoint, isPublic, routesOf } from '../support/routes.js';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN, TestEnvironment } from '../support/test-environment.js';
import { createClient, documentFor, type CreatedClient } from './delivery-fixtures.js';

const NEXT_ADMIN_TOKEN = 'next-admin-token-0123456789';
const NEXT_PRODUCER_TOKEN = 'next-producer-token-0123456789';
const OVERLAP_MS = 3000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('credentials: operators, producers and client API keys', () => {
  const env = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let client: CreatedClient;

  before(async () => {
    service = await TestService.start(env, {
      ADMIN_TOKEN: `${TEST_ADMIN_TOKEN},${NEXT_ADMIN_TOKEN}`,
      PRODUCER_TOKEN: `${TEST_PRODUCER_TOKEN}, ${NEXT_PRODUCER_TOKEN}`,
      SECRET_ROTATION_OVERLAP: `${OVERLAP_MS}ms`,
    });
    receiver = await Receiver.start();
    client = await createClient(service, { sandbox: `${receiver.url}/data` });
  });

  after(async () => {
    await service.stop();
    await receiver.close();
    await env.destroy();
  });

  const registrations = (headers: Record<string, string>) => service.request('GET', '/webhooks/v1/registrations', { headers });

  it('lets producers hand over documents and domain events, with any token of PRODUCER_TOKEN', async () => {
    for (const headers of [PRODUCER, bearer(NEXT_PRODUCER_TOKEN)]) {
      assert.equal((await service.request('POST', '/v1/documents', { body: documentFor(client), headers })).status, 202);
      const batch = await service.request('POST', '/v1/documents/batch', { body: { documents: [documentFor(client)] }, headers });
      assert.equal(batch.status, 202);
      const event = await service.request('POST', '/v1/domain-events', { body: { clientId: client.id, environment: 'sandbox', type: 'user.created', userId: 'u-1' }, headers });
      assert.equal(event.status, 202);
    }
    await receiver.waitForRequests(4);
    for (const headers of [{}, bearer('not-a-token-of-this-service'), bearer(client.apiKey)]) {
      assert.equal((await service.request('POST', '/v1/documents', { body: documentFor(client), headers })).status, 401);
    }
  });

  it('refuses a producer token with 403 on every other route of the route table, which operators reach', async () => {
    const routes = routesOf(service.app).filter((route) => !isPublic(route) && !isProducerEndpoint(route));
    assert.ok(routes.length >= 20, `the walk covers the API (${routes.length} routes)`);
    for (const route of routes) {
      const path = concretePath(route);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      for (const headers of [PRODUCER, bearer(NEXT_PRODUCER_TOKEN)]) {
        const refused = await service.request(route.method, path, { body, headers });
        assert.equal(refused.status, 403, `${route.method} ${route.path}: ${JSON.stringify(refused.body)}`);
        assert.match(refused.body.message, /producer token/);
      }
      const operator = await service.request(route.method, path, { body, headers: OPERATOR });
      assert.ok(![401, 403].includes(operator.status), `operators reach ${route.method} ${route.path} (got ${operator.status})`);
    }
    // Mounted beside the route table: the queue dashboard.
    assert.equal((await service.request('GET', '/admin/queues', { headers: PRODUCER })).status, 403);
  });

  it('accepts every operator token of ADMIN_TOKEN and nothing else', async () => {
    for (const token of [TEST_ADMIN_TOKEN, NEXT_ADMIN_TOKEN]) {
      assert.equal((await service.request('GET', `/v1/clients/${client.id}`, { headers: bearer(token) })).status, 200);
    }
    for (const token of [`${TEST_ADMIN_TOKEN},${NEXT_ADMIN_TOKEN}`, TEST_ADMIN_TOKEN.slice(0, -1), client.apiKey]) {
      assert.equal((await service.request('GET', `/v1/clients/${client.id}`, { headers: bearer(token) })).status, 401);
    }
  });

  it('rotates a client API key: the previous key works for SECRET_ROTATION_OVERLAP, then is refused', async () => {
    const owner = await createClient(service, { sandbox: `${receiver.url}/data` });
    const before = Date.now();
    const rotated = await service.request('POST', `/v1/clients/${owner.id}/api-keys`, { headers: OPERATOR });
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    assert.match(rotated.body.apiKey, /^whk_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(rotated.body.apiKey, owner.apiKey);
    const expiresAt = Date.parse(rotated.body.previousKeyExpiresAt);
    assert.ok(expiresAt >= before + OVERLAP_MS && expiresAt <= Date.now() + OVERLAP_MS, rotated.body.previousKeyExpiresAt);

    assert.equal((await registrations(bearer(owner.apiKey))).status, 200, 'the previous key still works during the overlap');
    const listed = await registrations(bearer(rotated.body.apiKey));
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.map((hook: any) => hook.id), owner.hooks.map((hook) => hook.id), 'the new key is the same client');

    await eventually(async () => assert.equal((await registrations(bearer(owner.apiKey))).status, 401), { timeoutMs: OVERLAP_MS + 5000 });
    assert.ok(Date.now() >= expiresAt, 'refused only once the overlap is over');
    assert.equal((await registrations(bearer(rotated.body.apiKey))).status, 200);
  });

  it('revokes the previous API key at once with revokePrevious', async () => {
    const owner = await createClient(service, { sandbox: `${receiver.url}/data` });
    const second = await service.request('POST', `/v1/clients/${owner.id}/api-keys`, { body: { revokePrevious: false }, headers: OPERATOR });
    const third = await service.request('POST', `/v1/clients/${owner.id}/api-keys`, { body: { revokePrevious: true }, headers: OPERATOR });
    assert.equal(third.status, 201);
    assert.equal(third.body.previousKeyExpiresAt, null);
    for (const revoked of [owner.apiKey, second.body.apiKey]) assert.equal((await registrations(bearer(revoked))).status, 401);
    assert.equal((await registrations(bearer(third.body.apiKey))).status, 200);
  });

  it('refuses a bad API key rotation and changes nothing', async () => {
    const owner = await createClient(service, { sandbox: `${receiver.url}/data` });
    const rotate = (path: string, body: unknown, headers = OPERATOR) => service.request('POST', path, { body, headers });
    const path = `/v1/clients/${owner.id}/api-keys`;
    const bad = await rotate(path, { revokePrevious: 'yes' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body.message), /revokePrevious must be a boolean/);
    assert.equal((await rotate(path, { revokePrevious: true, plan: 'gold' })).status, 400);
    assert.equal((await rotate(`/v1/clients/${randomUUID()}/api-keys`, {})).status, 404);
    assert.equal((await rotate('/v1/clients/nope/api-keys', {})).status, 400);
    assert.equal((await rotate(path, {}, bearer(owner.apiKey))).status, 401, 'operators rotate client keys');
    assert.equal((await registrations(bearer(owner.apiKey))).status, 200, 'the key still works: nothing was rotated');
  });

  it('shows no signing secret in any list or lookup, to operators or clients', async () => {
    const documentId = (await service.request('POST', '/v1/documents', { body: documentFor(client), headers: PRODUCER })).body.id;
    const values = { clientId: client.id, hookId: client.hooks[0].id, id: documentId, requestId: documentId };
    const reads = routesOf(service.app).filter((route) => route.method === 'GET' && !route.path.startsWith('/docs') && !route.path.endsWith('/secret'));
    const answered: string[] = [];
    for (const route of reads) {
      // Each list takes the queries it knows (an unknown one is a 400): try every combination.
      for (const query of ['', `?clientId=${client.id}`, '?environment=sandbox', `?clientId=${client.id}&environment=sandbox`]) {
        for (const headers of [OPERATOR, bearer(client.apiKey)]) {
          const response = await service.request('GET', `${concretePath(route, values)}${query}`, { headers });
          assert.doesNotMatch(JSON.stringify(response.body ?? ''), /whsec_/, `${route.path}${query}`);
          if (response.status === 200) answered.push(`${route.path}${query}`);
        }
      }
    }
    const lists = ['/webhooks/v1/registrations', `/webhooks/v1/registrations?clientId=${client.id}`, '/v1/clients/:clientId', '/webhooks/v1/events', '/v1/rejected'];
    for (const path of [...lists, `/v1/preferences?clientId=${client.id}&environment=sandbox`]) {
      assert.ok(answered.includes(path), `${path} answered and was checked`);
    }
  });
});
