import { createHash, randomBytes } from 'node:crypto';

const API_KEY_PREFIX = 'whk_';
const SIGNING_SECRET_PREFIX = 'whsec_';

/** A client's API key: shown once at creation, stored only as its hash. */
export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 is enough here: keys carry 256 random bits, so there is nothing to brute-force. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** A Standard Webhooks secret: `whsec_` and the base64 of the HMAC key. */
export function newSigningSecret(): string {
  return SIGNING_SECRET_PREFIX + randomBytes(32).toString('base64');
}
