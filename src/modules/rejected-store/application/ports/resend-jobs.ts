import type { Environment } from '../../../../domain/environment.js';
import type { ResendJob, ResendJobState } from '../../domain/resend-job.js';

/** Bulk resends: the documents each covers, fixed at the request, and how far it got. */
export abstract class ResendJobs {
  /** A job being prepared: no worker takes it until `setState(id, 'queued')`, once all its documents are added. */
  abstract create(job: { id: string; clientId: string; environment: Environment }): Promise<void>;
  /** Adds documents to a job being requested; the total counts them. */
  abstract addItems(jobId: string, documentIds: readonly string[]): Promise<void>;
  /** One job; limited to a client's own unless an operator asks (null). */
  abstract find(id: string, clientId: string | null): Promise<ResendJob | null>;
  /** The next documents not tried yet: a run after a crash picks up where the last one stopped. */
  abstract untried(jobId: string, limit: number): Promise<string[]>;
  /** Records one document's outcome and counts it, once however often it is recorded. */
  abstract count(jobId: string, documentId: string, outcome: 'delivered' | 'failed'): Promise<void>;
  abstract setState(id: string, state: ResendJobState): Promise<void>;
}
