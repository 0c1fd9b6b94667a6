import type { LedgerStatus } from '../domain/ledger-status.js';

/**
 * `documents.status` keeps 'Failed' for a Stored document, the value it had before the code said Stored. Renaming
 * the value would update every stored row of every partition of the largest table in one migration, while processes
 * of the previous version still write 'Failed'; the word is translated here instead, where SQL meets the code.
 */
const STORED_VALUE = 'Failed';

/** The SQL literal of a status as the column keeps it. */
export function statusValue(status: LedgerStatus | 'Erased'): string {
  return `'${status === 'Stored' ? STORED_VALUE : status}'`;
}

/** The column of table alias `alias` read as a LedgerStatus (or 'Erased'), named `status`. */
export function statusColumn(alias: string): string {
  return `CASE ${alias}.status WHEN '${STORED_VALUE}' THEN 'Stored' ELSE ${alias}.status END AS status`;
}
