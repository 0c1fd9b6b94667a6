import type { Environment } from '../../../domain/environment.js';
import type { ResendJobState } from './resend-job.js';

/** An operator's request to restore archived documents, and how far it got (the states of resend jobs). */
export interface RestoreJob {
  id: string;
  clientId: string;
  environment: Environment;
  state: ResendJobState;
  total: number;
  restored: number;
  failed: number;
}

/** A document of a restore: where it goes back to in its environment's rejected bucket. */
export interface RestoreItem {
  documentId: string;
  key: string;
}
