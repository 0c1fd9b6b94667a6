import type { BodySource } from './ledger-document.js';

/**
 * The body POSTed to the data hook (API.md), the same text on every attempt and in the rejected bucket.
 * `data` is spliced in as the producer's JSON text, never re-parsed: any valid JSON reaches the
 * receiver as the same value, `\u0000` escapes included.
 */
export function webhookBodyText(document: BodySource): string {
  return (
    `{"id":${JSON.stringify(document.id)},"kind":${JSON.stringify(document.kind)},"type":${JSON.stringify(document.type)},` +
    `"environment":${JSON.stringify(document.environment)},"user_id":${JSON.stringify(document.userId)},` +
    `"created_at":${JSON.stringify(document.createdAt.toISOString())},"data":${document.data}}`
  );
}
