import type { ErasedDocument } from '../../../domain/ports/document-erasure.js';
import type { CancelledDocument } from './ledger-document.js';

/**
 * Where a cancelled document's body may rest: the rejected location the ledger recorded, and — when it was
 * ever due for the bucket — the span in which a worker may have written an object it died before recording.
 */
export function erasedDocumentOf(document: CancelledDocument, now: Date): ErasedDocument {
  const { rejectedBucket, rejectedKey } = document;
  return {
    documentId: document.id,
    clientId: document.clientId,
    environment: document.environment,
    kind: document.kind,
    rejected: rejectedBucket && rejectedKey ? { bucket: rejectedBucket, key: rejectedKey } : null,
    storageWindow: document.exhaustedReason === null ? null : { from: document.createdAt, to: document.storedAt ?? now },
  };
}

/** Until when a worker that held one of the cancelled documents may still be finishing with it; null when none was held. */
export function heldUntil(leases: readonly (Date | null)[], now: Date): Date | null {
  const latest = Math.max(...leases.map((lease) => lease?.getTime() ?? 0));
  return latest > now.getTime() ? new Date(latest) : null;
}
