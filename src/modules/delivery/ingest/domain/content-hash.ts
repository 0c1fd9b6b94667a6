import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { NewDocument } from '../../ledger/domain/ledger-document.js';

/**
 * What makes a document the same document: its client, environment, kind, type, user and data, compared
 * as JSON values (RFC 8785 canonical form, so key order and number spelling do not matter). Kept as a
 * SHA-256, so a reused id is still recognised after the body was purged.
 */
export function contentHash(document: Omit<NewDocument, 'id'>): string {
  const { clientId, environment, kind, type, userId, data } = document;
  return createHash('sha256')
    .update(canonicalize({ clientId, environment, kind, type, userId, data }) ?? '')
    .digest('base64url');
}
