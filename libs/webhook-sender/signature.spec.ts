import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { InvalidSecretError, WebhookSigner } from './signature.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('WebhookSigner', () => {
  it('matches the Standard Webhooks reference vector', () => {
    const headers = new WebhookSigner().sign(
      [SECRET],
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      '{"test": 2432232314}',
      new Date(1614265330 * 1000),
    );
    assert.deepEqual(headers, {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('produces headers that standardwebhooks verifies', () => {
    const body = JSON.stringify({ id: 42, note: 'héllo' });
    const headers = new WebhookSigner().sign([SECRET], 'msg_1', body);
    assert.deepEqual(new Webhook(SECRET).verify(body, { ...headers }), { id: 42, note: 'héllo' });
  });

  it('uses whole unix seconds for the timestamp', () => {
    const headers = new WebhookSigner().sign([SECRET], 'msg_1', '{}', new Date(1_700_000_000_999));
    assert.equal(headers['webhook-timestamp'], '1700000000');
  });

  it('fails verification for a tampered body', () => {
    const headers = new WebhookSigner().sign([SECRET], 'msg_1', '{"amount":1}');
    assert.throws(() => new Webhook(SECRET).verify('{"amount":2}', { ...headers }), /No matching signature/);
  });

  it('fails verification with another secret', () => {
    const headers = new WebhookSigner().sign([SECRET], 'msg_1', '{}');
    assert.throws(() => new Webhook('whsec_' + Buffer.from('other key').toString('base64')).verify('{}', { ...headers }));
  });

  it('keeps signing correctly past the secret cache bound', () => {
    const signer = new WebhookSigner(2);
    const secrets = ['a', 'b', 'c', 'd'].map((key) => 'whsec_' + Buffer.from(`key-${key}`).toString('base64'));
    for (const secret of [...secrets, ...secrets]) {
      const headers = signer.sign([secret], 'msg_1', '{}');
      assert.doesNotThrow(() => new Webhook(secret).verify('{}', { ...headers }));
    }
  });

  it('signs with every secret of a rotation, in order, and either one verifies', () => {
    const next = 'whsec_' + Buffer.from('the next key').toString('base64');
    const body = '{"steps":8000}';
    const headers = new WebhookSigner().sign([next, SECRET], 'msg_1', body);
    const signatures = headers['webhook-signature'].split(' ');
    assert.equal(signatures.length, 2);
    assert.equal(signatures[0], new WebhookSigner().sign([next], 'msg_1', body, new Date(Number(headers['webhook-timestamp']) * 1000))['webhook-signature']);
    for (const secret of [next, SECRET]) assert.deepEqual(new Webhook(secret).verify(body, { ...headers }), { steps: 8000 });
    assert.throws(() => new Webhook('whsec_' + Buffer.from('a third key').toString('base64')).verify(body, { ...headers }));
  });

  it('refuses to sign without a secret', () => {
    assert.throws(() => new WebhookSigner().sign([], 'msg_1', '{}'), InvalidSecretError);
  });

  it('rejects an unusable secret without revealing it', () => {
    const badSecret = 'whsec_not*base64!';
    assert.throws(
      () => new WebhookSigner().sign([badSecret], 'msg_1', '{}'),
      (err: unknown) => err instanceof InvalidSecretError && !err.message.includes(badSecret),
    );
  });
});
