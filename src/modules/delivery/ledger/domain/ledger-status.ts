import type { DeliveryStatus } from '../../../../domain/document.js';

/**
 * A document's status inside the service. `Stored`: its body went to the rejected bucket, and it stays Stored after
 * its retention there, archived or not; only an accepted resend makes it Success. The API calls it `Failed` (API.md):
 * that word is the contract's and is translated here, at the boundary.
 */
export type LedgerStatus = 'Pending' | 'Success' | 'Stored';

export function apiStatusOf(status: LedgerStatus): DeliveryStatus {
  return status === 'Stored' ? 'Failed' : status;
}

export function ledgerStatusOf(status: DeliveryStatus): LedgerStatus {
  return status === 'Failed' ? 'Stored' : status;
}
