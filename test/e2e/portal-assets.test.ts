import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

describe('the portal is served by the service, from this machine only', () => {
  const environment = new TestEnvironment();
  let service: TestService;

  before(async () => {
    service = await TestService.start(environment);
  });

  after(async () => {
    await service.stop();
    await environment.destroy();
  });

  it('serves the page with a policy that allows only its own scripts and its import map', async () => {
    const page = await service.request('GET', '/portal');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = page.body as string;
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const policy = page.headers.get('content-security-policy') ?? '';
    assert.match(policy, new RegExp(`script-src 'self' 'sha256-${createHash('sha256').update(importMap).digest('base64').replace(/[+/]/g, '\\$&')}'`));
    assert.match(policy, /connect-src 'self'/);
    assert.doesNotMatch(html, /https?:\/\//, 'no asset from another origin');

    for (const path of Object.values(JSON.parse(importMap).imports as Record<string, string>)) {
      const script = await service.request('GET', path);
      assert.equal(script.status, 200, path);
      assert.match(script.headers.get('content-type') ?? '', /javascript/, path);
    }
    assert.equal((await service.request('GET', '/portal/js/main.js')).status, 200);
    assert.equal((await service.request('GET', '/portal/portal.css')).status, 200);
  });

  it('answers 404 for a file it does not have', async () => {
    assert.equal((await service.request('GET', '/portal/vendor/react.js')).status, 404);
    assert.equal((await service.request('GET', '/portal/js/nothing.js')).status, 404);
  });
});
