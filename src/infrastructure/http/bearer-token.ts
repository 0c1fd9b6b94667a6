import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The bearer token of a request (Fastify's, Node's or any other with headers). */
export function bearerToken(request: { headers: IncomingHttpHeaders }): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

/** What secrets are compared by, in constant time: comparing digests keeps the expected length secret too. */
export function secretDigest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function sameDigest(given: Buffer, expected: Buffer): boolean {
  return timingSafeEqual(given, expected);
}
