import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const ADMIN_SESSION_COOKIE = 'admin_session';
export const ADMIN_SESSION_TTL_MS = 8 * 3600 * 1000;
const COOKIE_PATH = '/admin';

/**
 * A dashboard session is a signed value, not a stored one: `<expiresAtMs>.<nonce>.<mac>`, the MAC keyed by the
 * operator token that signed in. Any process that knows the tokens can check it (no shared session store), the
 * token itself never leaves the server, and removing a token from ADMIN_TOKEN ends every session it opened.
 */
export function issueAdminSession(token: string, now = Date.now()): { value: string; expiresAt: Date } {
  const expiresAt = now + ADMIN_SESSION_TTL_MS;
  const claims = `${expiresAt}.${randomBytes(16).toString('base64url')}`;
  return { value: `${claims}.${mac(token, claims)}`, expiresAt: new Date(expiresAt) };
}

/** True when the value was signed with one of `tokens` and has not expired. */
export function isValidAdminSession(value: string | undefined, tokens: readonly string[], now = Date.now()): boolean {
  const [expiresAt, nonce, signature, ...rest] = (value ?? '').split('.');
  if (!expiresAt || !nonce || !signature || rest.length > 0 || !(Number(expiresAt) > now)) return false;
  const given = Buffer.from(signature);
  return tokens.some((token) => {
    const expected = Buffer.from(mac(token, `${expiresAt}.${nonce}`));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export function sessionCookieOf(request: { headers: IncomingHttpHeaders }): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${ADMIN_SESSION_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '');
  return match?.[1];
}

/** HttpOnly, SameSite=Strict, limited to /admin, and Secure when the request came over https (directly or through a proxy). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: { value: string; expiresAt: Date }): void {
  reply.header('set-cookie', sessionCookie(request, session.value, session.expiresAt));
}

/** The same cookie, empty and long expired. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', sessionCookie(request, '', new Date(1)));
}

function sessionCookie(request: FastifyRequest, value: string, expires: Date): string {
  const forwarded = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const secure = request.protocol === 'https' || forwarded === 'https';
  return stringifySetCookie({ name: ADMIN_SESSION_COOKIE, value, path: COOKIE_PATH, expires, httpOnly: true, secure, sameSite: 'strict' });
}

function mac(token: string, claims: string): string {
  return createHmac('sha256', token).update(`admin-session.${claims}`).digest('base64url');
}
