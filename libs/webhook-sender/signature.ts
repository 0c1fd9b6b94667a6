import { Webhook } from 'standardwebhooks';

/** The secret could not be used as a Standard Webhooks key. Never carries the secret. */
export class InvalidSecretError extends Error {
  constructor() {
    super('webhook secret must be "whsec_" followed by a non-empty base64 key');
    this.name = 'InvalidSecretError';
  }
}

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const DEFAULT_MAX_CACHED_SECRETS = 10_000;

/**
 * Produces Standard Webhooks signature headers. Key decoding is cached per secret
 * because the same few secrets sign thousands of messages per second.
 */
export class WebhookSigner {
  private readonly webhooksBySecret = new Map<string, Webhook>();

  constructor(private readonly maxCachedSecrets = DEFAULT_MAX_CACHED_SECRETS) {}

  sign(secret: string, messageId: string, body: string, at: Date = new Date()): SignatureHeaders {
    const unixSeconds = Math.floor(at.getTime() / 1000);
    return {
      'webhook-id': messageId,
      'webhook-timestamp': String(unixSeconds),
      'webhook-signature': this.webhookFor(secret).sign(messageId, new Date(unixSeconds * 1000), body),
    };
  }

  private webhookFor(secret: string): Webhook {
    const cached = this.webhooksBySecret.get(secret);
    if (cached !== undefined) {
      return cached;
    }
    const webhook = createWebhook(secret);
    if (this.webhooksBySecret.size >= this.maxCachedSecrets) {
      // Oldest insertion goes first; a bound is all that matters here, not strict LRU.
      const oldest = this.webhooksBySecret.keys().next().value;
      if (oldest !== undefined) {
        this.webhooksBySecret.delete(oldest);
      }
    }
    this.webhooksBySecret.set(secret, webhook);
    return webhook;
  }
}

function createWebhook(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch {
    // The library's own message is generic, but do not rely on that staying true.
    throw new InvalidSecretError();
  }
}
