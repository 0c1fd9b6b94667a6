import { ForbiddenException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { sameSecret } from './bearer-token.js';

/** Who holds a configured token: operators (ADMIN_TOKEN) reach everything, producers (PRODUCER_TOKEN) the ingest endpoints. */
export type StaffRole = 'operator' | 'producer';

/** The role of a token, or null when it is none of the configured tokens. Every list is walked whole: no early exit to time. */
export function staffRole(token: string | undefined, config: AppConfig): StaffRole | null {
  if (token === undefined) return null;
  const operator = config.adminTokens.reduce((found, expected) => sameSecret(token, expected) || found, false);
  const producer = config.producerTokens.reduce((found, expected) => sameSecret(token, expected) || found, false);
  return operator ? 'operator' : producer ? 'producer' : null;
}

/** A producer's token is a valid credential that does not reach this endpoint: 403, not 401. */
export function producerForbidden(): ForbiddenException {
  return new ForbiddenException('the producer token reaches only POST /v1/documents, POST /v1/documents/batch and POST /v1/domain-events');
}
