import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/**
 * The content hash as the Ledger migration (1796034179738) computed it for the rows it backfilled, frozen here: the
 * live one (delivery/ingest/domain/content-hash.ts) may change, history may not. A later change of the live hash needs a
 * migration of its own.
 */
export function contentHashAt1796034179738(document: { clientId: string; environment: string; kind: string; type: string; userId: string; data: unknown }): string {
  const { clientId, environment, kind, type, userId, data } = document;
  return createHash('sha256')
    .update(canonicalize({ clientId, environment, kind, type, userId, data }) ?? '')
    .digest('base64url');
}
