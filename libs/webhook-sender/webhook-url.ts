export type WebhookUrlValidation = { ok: true } | { ok: false; reason: string };

// Whitespace and C0 controls are silently stripped by the URL parser; refusing them
// keeps the stored URL identical to the one actually called.
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/**
 * Shape check for a target URL at registration time. Does no DNS: whether the host
 * is a permitted address is decided on every send.
 * Reasons never echo the URL back, since it may carry credentials.
 */
export function validateWebhookUrl(url: string): WebhookUrlValidation {
  if (WHITESPACE_OR_CONTROL.test(url)) {
    return { ok: false, reason: 'URL must not contain whitespace or control characters' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'URL is not a valid absolute URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: 'URL scheme must be http or https' };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, reason: 'URL must not contain a username or password' };
  }
  if (parsed.hostname === '') {
    return { ok: false, reason: 'URL must include a host' };
  }
  // An empty fragment ("#") parses to hash "", so look at the raw text too.
  if (parsed.hash !== '' || url.includes('#')) {
    return { ok: false, reason: 'URL must not contain a fragment' };
  }
  return { ok: true };
}
