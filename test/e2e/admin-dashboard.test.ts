import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPERATOR, PRODUCER, TestService } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN, TestEnvironment } from '../support/test-environment.js';

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('queue dashboard: operators only, by header or sign-in cookie', () => {
  const env = new TestEnvironment();
  let service: TestService;

  before(async () => {
    service = await TestService.start(env);
  });

  after(async () => {
    await service.stop();
    await env.destroy();
  });

  /** A raw request that never follows a redirect, so a 3xx would show. */
  function get(path: string, headers: Record<string, string> = {}) {
    return fetch(`${service.url}${path}`, { headers, redirect: 'manual' });
  }

  function login(body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${service.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
    });
  }

  it('answers 401 without credentials, with a sign-in form for browsers, never a redirect', async () => {
    const api = await get('/admin/queues');
    assert.equal(api.status, 401);
    assert.equal(((await api.json()) as any).statusCode, 401);
    const browser = await get('/admin/queues', BROWSER);
    assert.equal(browser.status, 401);
    assert.match(browser.headers.get('content-type') ?? '', /text\/html/);
    const page = await browser.text();
    assert.match(page, /<form/);
    assert.match(page, /\/admin\/login/);
  });

  it('refuses a token in the URL, even a valid one', async () => {
    for (const headers of [{}, OPERATOR, BROWSER]) {
      const response = await get(`/admin/queues?token=${TEST_ADMIN_TOKEN}`, headers);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('set-cookie'), null);
    }
    const refused = (await (await get(`/admin/queues?token=${TEST_ADMIN_TOKEN}`)).json()) as any;
    assert.match(refused.message, /token in the URL is refused/);
  });

  it('opens to an operator token in the Authorization header, not to a producer one', async () => {
    const page = await get('/admin/queues', OPERATOR);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    assert.equal((await get('/admin/queues', PRODUCER)).status, 403);
    assert.equal((await get('/admin/queues', { authorization: 'Bearer wrong-token-wrong-token' })).status, 401);
  });

  it('signs an operator in with a cookie that holds no token: HttpOnly, SameSite=Strict, /admin, expiring', async () => {
    const before = Date.now();
    const signedIn = await login({ token: TEST_ADMIN_TOKEN });
    assert.equal(signedIn.status, 200);
    const { expiresAt } = (await signedIn.json()) as any;
    const eightHours = 8 * 3600 * 1000;
    assert.ok(Date.parse(expiresAt) >= before + eightHours - 1000 && Date.parse(expiresAt) <= Date.now() + eightHours, expiresAt);

    const [cookie] = signedIn.headers.getSetCookie();
    assert.match(cookie, /^admin_session=[^;]+; Path=\/admin; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    assert.ok(!cookie.includes(TEST_ADMIN_TOKEN), 'the cookie does not hold the token');
    assert.equal(Date.parse(/Expires=([^;]+)/.exec(cookie)![1]), Math.floor(Date.parse(expiresAt) / 1000) * 1000);

    const session = cookie.split(';')[0];
    const page = await get('/admin/queues', { cookie: session });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const queues = await get('/admin/queues/api/queues', { cookie: session });
    assert.equal(queues.status, 200, 'the dashboard API works with the cookie too');

    const tampered = `${session.slice(0, -2)}xx`;
    assert.equal((await get('/admin/queues', { cookie: tampered })).status, 401);
    assert.equal((await get(`/admin/queues?token=${TEST_ADMIN_TOKEN}`, { cookie: session })).status, 401, 'a URL token is refused even then');
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const signedIn = await login({ token: TEST_ADMIN_TOKEN }, { 'x-forwarded-proto': 'https' });
    assert.equal(signedIn.status, 200);
    assert.match(signedIn.headers.getSetCookie()[0], /; Secure/);
  });

  it('refuses a wrong or a producer token at sign-in and sets no cookie', async () => {
    const cases: [unknown, Record<string, string>, number][] = [
      [{ token: 'wrong-token-wrong-token' }, {}, 401],
      [{ token: TEST_PRODUCER_TOKEN }, {}, 403],
      [{ token: TEST_ADMIN_TOKEN }, PRODUCER, 403],
      [{}, {}, 400],
      [{ token: TEST_ADMIN_TOKEN, remember: true }, {}, 400],
    ];
    for (const [body, headers, status] of cases) {
      const response = await login(body, headers);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.deepEqual(response.headers.getSetCookie(), []);
      assert.ok(!JSON.stringify(await response.json()).includes(TEST_ADMIN_TOKEN));
    }
  });

  it('signs out by clearing the cookie', async () => {
    const response = await fetch(`${service.url}/admin/logout`, { method: 'POST' });
    assert.equal(response.status, 204);
    assert.match(response.headers.getSetCookie()[0], /^admin_session=; Path=\/admin; Expires=Thu, 01 Jan 1970/);
  });
});
