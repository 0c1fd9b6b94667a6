export { WebhookSender, type SendRequest, type WebhookSenderOptions } from './webhook-sender.js';
export type { SendErrorCode, SendResult } from './send-result.js';
export { BlockedTargetError, isForbiddenAddress } from './ssrf-guard.js';
export { validateWebhookUrl, type WebhookUrlValidation } from './webhook-url.js';
export { InvalidSecretError } from './signature.js';
