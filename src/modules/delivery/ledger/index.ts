/**
 * What the ledger offers Delivery's other parts (with its domain/ types): ingest stores documents through
 * DocumentIntake and rings the LedgerDoorbell; queries read through DocumentLookup. Nothing else of the ledger's
 * application or infrastructure is theirs to import.
 */
export { DocumentIntake, type IntakeRow, type StoredIdentity } from './application/ports/document-intake.js';
export { DocumentLookup, type DocumentWithAttempts, type EventsFilter } from './application/ports/document-lookup.js';
export { ingestSpan, INGEST_SPAN } from './application/delivery-spans.js';
export { LedgerDoorbell } from './application/ledger-doorbell.js';
export { LedgerModule } from './ledger.module.js';
