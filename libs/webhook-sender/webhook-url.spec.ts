import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateWebhookUrl } from './webhook-url.js';

describe('validateWebhookUrl', () => {
  for (const url of [
    'https://receiver.example.com/hooks',
    'http://receiver.example.com:8080/hooks?token=abc',
    'https://[2606:4700::1111]/x',
  ]) {
    it(`accepts ${url}`, () => assert.deepEqual(validateWebhookUrl(url), { ok: true }));
  }

  const refused: Record<string, RegExp> = {
    'not a url': /whitespace/,
    '/relative/path': /valid absolute URL/,
    'ftp://receiver.example.com/': /http or https/,
    'file:///etc/passwd': /http or https/,
    'https://user:pass@receiver.example.com/': /username or password/,
    'https://user@receiver.example.com/': /username or password/,
    'https://receiver.example.com/hooks#frag': /fragment/,
    'https://receiver.example.com/hooks#': /fragment/,
    ' https://receiver.example.com/': /whitespace/,
    'https://receiver.example.com/\n': /whitespace/,
  };
  for (const [url, reason] of Object.entries(refused)) {
    it(`refuses ${JSON.stringify(url)}`, () => {
      const result = validateWebhookUrl(url);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, reason);
    });
  }

  it('never echoes credentials in the reason', () => {
    const result = validateWebhookUrl('https://user:s3cr3t@receiver.example.com/');
    assert.ok(!result.ok && !result.reason.includes('s3cr3t'));
  });
});
