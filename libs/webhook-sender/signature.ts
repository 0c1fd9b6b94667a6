import { createHmac } from 'node:crypto';

/** The secret could not be used as a Standard Webhooks key. Never carries the secret. */
export class InvalidSecretError extends Error {
  constructor(message = 'webhook secret must be "whsec_" followed by a non-empty base64 key') {
    super(message);
    this.name = 'InvalidSecretError';
  }
}

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const SECRET_PREFIX = 'whsec_';
const DEFAULT_MAX_CACHED_SECRETS = 10_000;

/**
 * Produces Standard Webhooks signature headers: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed
 * by the base64-decoded secret; with several secrets (a rotation's overlap) one signature each, space-separated,
 * in the given order, as the specification allows. Node's native HMAC: the reference library's pure-JS hash
 * costs a visible share of the hot path (tests verify every signature with that library). Decoded keys are cached per secret.
 */
export class WebhookSigner {
  private readonly keysBySecret = new Map<string, Buffer>();

  constructor(private readonly maxCachedSecrets = DEFAULT_MAX_CACHED_SECRETS) {}

  sign(secrets: readonly string[], messageId: string, body: string, at: Date = new Date()): SignatureHeaders {
    if (secrets.length === 0) throw new InvalidSecretError('at least one webhook secret is required');
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const signed = `${messageId}.${timestamp}.${body}`;
    const signatures = secrets.map((secret) => `v1,${createHmac('sha256', this.keyFor(secret)).update(signed).digest('base64')}`);
    return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
  }

  private keyFor(secret: string): Buffer {
    const cached = this.keysBySecret.get(secret);
    if (cached !== undefined) return cached;
    const key = decodeSecret(secret);
    if (this.keysBySecret.size >= this.maxCachedSecrets) {
      // Oldest insertion goes first; a bound is all that matters here, not strict LRU.
      const oldest = this.keysBySecret.keys().next().value;
      if (oldest !== undefined) this.keysBySecret.delete(oldest);
    }
    this.keysBySecret.set(secret, key);
    return key;
  }
}

function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : '';
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from skips characters that are not base64; a key that does not survive a round trip is not one.
  if (key.length === 0 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) throw new InvalidSecretError();
  return key;
}
