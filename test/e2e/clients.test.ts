import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { HookDirectory } from '../../src/domain/ports/hook-directory.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

const ACME = {
  name: 'Acme Health',
  environments: {
    sandbox: { dataWebhookUrl: 'https://acme.example/sbx/data', notificationWebhookUrl: 'https://acme.example/sbx/notify' },
    production: { dataWebhookUrl: 'https://acme.example/data' },
  },
};

const asClient = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });
/** A hook as lists and lookups show it: its signing secret only ever in the answer that created it. */
const withoutSecret = ({ signingSecret: _, ...hook }: any) => hook;

describe('clients and their hooks', () => {
  const env = new TestEnvironment();
  let service: TestService;

  before(async () => {
    service = await TestService.start(env);
  });

  after(async () => {
    await service.stop();
    await env.destroy();
  });

  async function createClient(body: unknown = ACME) {
    const created = await service.request('POST', '/v1/clients', { body, headers: OPERATOR });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  async function clientCount(): Promise<number> {
    const [{ count }] = await service.app.get(DataSource).query('SELECT count(*)::int AS count FROM clients');
    return count;
  }

  it('creates a client with an API key shown once and a signed hook per URL', async () => {
    const client = await createClient();
    assert.match(client.id, /^[0-9a-f-]{36}$/);
    assert.equal(client.name, 'Acme Health');
    assert.match(client.apiKey, /^whk_[A-Za-z0-9_-]{43}$/);
    assert.ok(!Number.isNaN(Date.parse(client.createdAt)));
    const summary = client.hooks.map((hook: any) => `${hook.environment}/${hook.kind} ${hook.url} ${hook.status} ${hook.consecutiveFailures}`);
    assert.deepEqual(summary, [
      'production/data https://acme.example/data Active 0',
      'sandbox/data https://acme.example/sbx/data Active 0',
      'sandbox/notification https://acme.example/sbx/notify Active 0',
    ]);
    for (const hook of client.hooks) assert.match(hook.signingSecret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(new Set(client.hooks.map((hook: any) => hook.signingSecret)).size, 3, 'each hook has its own secret');
  });

  it('shows a client to the operator without its API key or signing secrets', async () => {
    const client = await createClient();
    const fetched = await service.request('GET', `/v1/clients/${client.id}`, { headers: OPERATOR });
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.apiKey, undefined);
    const { apiKey: _, ...withoutKey } = client;
    assert.deepEqual(fetched.body, { ...withoutKey, hooks: client.hooks.map(withoutSecret) });
  });

  it('answers 404 for an unknown client and 400 for a malformed id', async () => {
    assert.equal((await service.request('GET', `/v1/clients/${randomUUID()}`, { headers: OPERATOR })).status, 404);
    const malformed = await service.request('GET', '/v1/clients/not-a-uuid', { headers: OPERATOR });
    assert.equal(malformed.status, 400);
    assert.match(JSON.stringify(malformed.body.message), /uuid/i);
  });

  it('subscribes to notifications, changes a URL keeping the secret, and unsubscribes', async () => {
    const client = await createClient({ name: 'Beta', environments: { production: { dataWebhookUrl: 'https://beta.example/data' } } });
    const path = `/v1/clients/${client.id}/hooks/production/notification`;

    const subscribed = await service.request('PUT', path, { body: { url: 'https://beta.example/notify' }, headers: OPERATOR });
    assert.equal(subscribed.status, 200);
    assert.equal(subscribed.body.kind, 'notification');
    assert.equal(subscribed.body.status, 'Active');
    assert.match(subscribed.body.signingSecret, /^whsec_/);

    const moved = await service.request('PUT', path, { body: { url: 'https://beta.example/notify-v2' }, headers: OPERATOR });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.id, subscribed.body.id);
    assert.equal(moved.body.url, 'https://beta.example/notify-v2');
    assert.equal(moved.body.signingSecret, undefined, 'a change of an existing hook does not show its secret');
    const secret = await service.request('GET', `/webhooks/v1/registrations/${moved.body.id}/secret`, { headers: OPERATOR });
    assert.deepEqual(secret.body, { signingSecret: subscribed.body.signingSecret }, 'the secret stays');

    assert.equal((await service.request('DELETE', path, { headers: OPERATOR })).status, 204);
    const remaining = await service.request('GET', `/v1/clients/${client.id}`, { headers: OPERATOR });
    assert.deepEqual(
      remaining.body.hooks.map((hook: any) => hook.kind),
      ['data'],
    );
    const again = await service.request('DELETE', path, { headers: OPERATOR });
    assert.equal(again.status, 404);
  });

  it('changes the URL of a data hook', async () => {
    const client = await createClient();
    const changed = await service.request('PUT', `/v1/clients/${client.id}/hooks/production/data`, {
      body: { url: 'http://acme.example:8080/data' },
      headers: OPERATOR,
    });
    assert.equal(changed.status, 200);
    const fetched = await service.request('GET', `/v1/clients/${client.id}`, { headers: OPERATOR });
    assert.equal(fetched.body.hooks.find((hook: any) => hook.id === changed.body.id).url, 'http://acme.example:8080/data');
  });

  it('refuses bad hook paths and bodies with 400', async () => {
    const client = await createClient();
    const put = (path: string, body: unknown) => service.request('PUT', path, { body, headers: OPERATOR });
    assert.equal((await put(`/v1/clients/${client.id}/hooks/staging/data`, { url: 'https://a.example/' })).status, 400);
    assert.equal((await put(`/v1/clients/${client.id}/hooks/sandbox/email`, { url: 'https://a.example/' })).status, 400);
    assert.equal((await put(`/v1/clients/nope/hooks/sandbox/data`, { url: 'https://a.example/' })).status, 400);
    const ftp = await put(`/v1/clients/${client.id}/hooks/sandbox/data`, { url: 'ftp://a.example/' });
    assert.equal(ftp.status, 400);
    assert.match(JSON.stringify(ftp.body.message), /scheme must be http or https/);
    assert.equal((await put(`/v1/clients/${client.id}/hooks/sandbox/data`, { url: 'https://a.example/', extra: 1 })).status, 400);
    assert.equal((await put(`/v1/clients/${randomUUID()}/hooks/sandbox/data`, { url: 'https://a.example/' })).status, 404);
    const fetched = await service.request('GET', `/v1/clients/${client.id}`, { headers: OPERATOR });
    assert.deepEqual(fetched.body.hooks, client.hooks.map(withoutSecret), 'nothing changed');
  });

  it('refuses bad client bodies with a clear 400 and stores nothing', async () => {
    const before = await clientCount();
    const cases: [unknown, RegExp][] = [
      [{ ...ACME, plan: 'gold' }, /property plan should not exist/],
      [{ name: 'X', environments: {} }, /at least one of sandbox, production/],
      [{ name: 'X' }, /environments/],
      [{ name: 'X', environments: { staging: { dataWebhookUrl: 'https://x.example/' } } }, /property staging should not exist/],
      [{ name: 'X', environments: { sandbox: {} } }, /environments\.sandbox\.dataWebhookUrl/],
      [{ name: 'X', environments: { sandbox: { dataWebhookUrl: 'ftp://x.example/data' } } }, /dataWebhookUrl: URL scheme must be http or https/],
      [
        { name: 'X', environments: { sandbox: { dataWebhookUrl: 'https://user:secret@x.example/data' } } },
        /dataWebhookUrl: URL must not contain a username or password/,
      ],
      [
        { name: 'X', environments: { sandbox: { dataWebhookUrl: 'https://x.example/', notificationWebhookUrl: 'not a url' } } },
        /notificationWebhookUrl/,
      ],
      [{ name: '', environments: ACME.environments }, /name/],
    ];
    for (const [body, message] of cases) {
      const response = await service.request('POST', '/v1/clients', { body, headers: OPERATOR });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(response.body.message), message);
      assert.doesNotMatch(JSON.stringify(response.body), /secret@/, 'a URL with credentials is never echoed');
    }
    assert.equal(await clientCount(), before);
  });

  it('requires the operator token for the clients API', async () => {
    const client = await createClient();
    assert.equal((await service.request('POST', '/v1/clients', { body: ACME })).status, 401);
    assert.equal((await service.request('POST', '/v1/clients', { body: ACME, headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await service.request('GET', `/v1/clients/${client.id}`, { headers: asClient(client.apiKey) })).status, 401);
  });

  it("lists a client's own hooks without secrets", async () => {
    const acme = await createClient();
    const other = await createClient({ name: 'Other', environments: { sandbox: { dataWebhookUrl: 'https://other.example/' } } });
    const listed = await service.request('GET', '/webhooks/v1/registrations', { headers: asClient(acme.apiKey) });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body, acme.hooks.map(withoutSecret));
    const foreign = await service.request('GET', `/webhooks/v1/registrations?clientId=${other.id}`, { headers: asClient(acme.apiKey) });
    assert.equal(foreign.status, 404);
  });

  it("lets the operator list one client's hooks with ?clientId=, without secrets", async () => {
    const acme = await createClient();
    const listed = await service.request('GET', `/webhooks/v1/registrations?clientId=${acme.id}`, { headers: OPERATOR });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body, acme.hooks.map(withoutSecret));
    assert.equal((await service.request('GET', '/webhooks/v1/registrations?clientId=nope', { headers: OPERATOR })).status, 400);
    const everyone = await service.request('GET', '/webhooks/v1/registrations', { headers: OPERATOR });
    assert.equal(everyone.status, 200);
    const acmeHooks = everyone.body.filter((hook: any) => hook.clientId === acme.id);
    assert.deepEqual(
      acmeHooks,
      acme.hooks.map((hook: any) => ({ clientId: acme.id, ...withoutSecret(hook) })),
      "without ?clientId= every client's hooks, each with its clientId",
    );
  });

  it('requires a valid credential for the registrations API', async () => {
    assert.equal((await service.request('GET', '/webhooks/v1/registrations')).status, 401);
    const wrongKey = await service.request('GET', '/webhooks/v1/registrations', { headers: asClient('whk_not-a-key') });
    assert.equal(wrongKey.status, 401);
  });

  it('refuses to restart an Active hook (409) and hides foreign or unknown hooks (404)', async () => {
    const acme = await createClient();
    const other = await createClient();
    const hookId = acme.hooks[0].id;
    const active = await service.request('POST', `/webhooks/v1/registrations/${hookId}/restart`, { headers: asClient(acme.apiKey) });
    assert.equal(active.status, 409);
    assert.equal(active.body.code, 'CLIENTS.HOOK_ALREADY_ACTIVE');
    const foreign = await service.request('POST', `/webhooks/v1/registrations/${hookId}/restart`, { headers: asClient(other.apiKey) });
    assert.equal(foreign.status, 404);
    const unknown = await service.request('POST', `/webhooks/v1/registrations/${randomUUID()}/restart`, { headers: asClient(acme.apiKey) });
    assert.equal(unknown.status, 404);
    const malformed = await service.request('POST', '/webhooks/v1/registrations/nope/restart', { headers: asClient(acme.apiKey) });
    assert.equal(malformed.status, 400);
  });

  it('answers HookDirectory look-ups, seeing a change made through this process at once', async () => {
    const client = await createClient();
    const directory = service.app.get(HookDirectory);
    const data = client.hooks.find((hook: any) => hook.environment === 'production' && hook.kind === 'data');
    assert.deepEqual(await directory.find(client.id, 'production', 'data'), {
      id: data.id,
      clientId: client.id,
      environment: 'production',
      kind: 'data',
      url: 'https://acme.example/data',
      signingSecrets: [data.signingSecret],
      status: 'Active',
      rateLimit: null,
      maxInFlight: 32,
      ordering: 'none',
      pausedUntil: null,
    });
    assert.equal(await directory.find(client.id, 'production', 'notification'), null);

    await service.request('PUT', `/v1/clients/${client.id}/hooks/production/data`, { body: { url: 'https://acme.example/v2' }, headers: OPERATOR });
    await service.request('PUT', `/v1/clients/${client.id}/hooks/production/notification`, { body: { url: 'https://acme.example/n' }, headers: OPERATOR });
    assert.equal((await directory.find(client.id, 'production', 'data'))?.url, 'https://acme.example/v2');
    assert.equal((await directory.find(client.id, 'production', 'notification'))?.url, 'https://acme.example/n');
    assert.equal((await directory.findById(data.id))?.url, 'https://acme.example/v2');
    assert.equal(await directory.findById(randomUUID()), null);
  });
});
