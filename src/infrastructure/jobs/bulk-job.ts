import type { Environment } from '../../domain/environment.js';

export const BULK_JOB_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type BulkJobState = (typeof BULK_JOB_STATES)[number];

/** How one document of a bulk job ended: done as asked, not done (refused, gone), or not to be done (its body is gone). */
export type ItemOutcome = 'succeeded' | 'failed' | 'skipped';

/** A bulk job over documents (a resend, a restore, a replay) and how far it got. */
export interface BulkJob {
  id: string;
  kind: string;
  clientId: string;
  environment: Environment;
  state: BulkJobState;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** One document of a bulk job, fixed when the job was created. */
export interface BulkItem {
  id: string;
  documentId: string;
  /** The document's creation, when the job's kind needs it (a replay finds the document's partition with it). */
  documentCreatedAt: Date | null;
  /** A text of the job's kind (a restore: the rejected key the document goes back to). */
  key: string | null;
  /** Tries that could not be made so far (S3 away). */
  tries: number;
}

export const BULK_JOB_COLUMNS = `id, kind, client_id AS "clientId", environment, state, total, succeeded, failed, skipped`;

/** The documents a bulk job is created with: a SELECT of `document_id`, `document_created_at` and `key`, in the order to work them. */
export interface ItemSelection {
  sql: string;
  params: unknown[];
}
