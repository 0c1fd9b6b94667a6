import { ForbiddenException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { sameDigest, secretDigest } from './bearer-token.js';

/** Who holds a configured token: operators (ADMIN_TOKEN) reach everything, producers (PRODUCER_TOKEN) the ingest endpoints. */
export type StaffRole = 'operator' | 'producer';

/** The digests of a configuration's tokens, taken once: a request hashes only the token it sent. */
const tokenDigests = new WeakMap<AppConfig, { operators: Buffer[]; producers: Buffer[] }>();

/** The role of a token, or null when it is none of the configured tokens. Every list is walked whole: no early exit to time. */
export function staffRole(token: string | undefined, config: AppConfig): StaffRole | null {
  if (token === undefined) return null;
  const given = secretDigest(token);
  const { operators, producers } = digestsOf(config);
  const operator = operators.reduce((found, expected) => sameDigest(given, expected) || found, false);
  const producer = producers.reduce((found, expected) => sameDigest(given, expected) || found, false);
  return operator ? 'operator' : producer ? 'producer' : null;
}

function digestsOf(config: AppConfig): { operators: Buffer[]; producers: Buffer[] } {
  let digests = tokenDigests.get(config);
  if (!digests) {
    digests = { operators: config.adminTokens.map(secretDigest), producers: config.producerTokens.map(secretDigest) };
    tokenDigests.set(config, digests);
  }
  return digests;
}

/** A producer's token is a valid credential that does not reach this endpoint: 403, not 401. */
export function producerForbidden(): ForbiddenException {
  return new ForbiddenException('the producer token reaches only POST /v1/documents, POST /v1/documents/batch and POST /v1/domain-events');
}
