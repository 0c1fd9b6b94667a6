import type { Environment } from '../../../../domain/environment.js';
import type { ResendJobState } from '../../domain/resend-job.js';
import type { RestoreItem, RestoreJob } from '../../domain/restore-job.js';

/** Restores from the archive: the documents each covers, fixed at the request, and how far it got. */
export abstract class RestoreJobs {
  /** A job being prepared: no worker takes it until `setState(id, 'queued')`, once all its documents are added. */
  abstract create(job: { id: string; clientId: string; environment: Environment }): Promise<void>;
  /** Adds documents, with the rejected key each goes back to, to a job being requested; the total counts them. */
  abstract addItems(jobId: string, items: readonly RestoreItem[]): Promise<void>;
  abstract find(id: string): Promise<RestoreJob | null>;
  /** The next documents not tried yet: a run after a crash picks up where the last one stopped. */
  abstract untried(jobId: string, limit: number): Promise<RestoreItem[]>;
  /** Records one document's outcome and counts it, once however often it is recorded. */
  abstract count(jobId: string, documentId: string, outcome: 'restored' | 'failed'): Promise<void>;
  abstract setState(id: string, state: ResendJobState): Promise<void>;
}
