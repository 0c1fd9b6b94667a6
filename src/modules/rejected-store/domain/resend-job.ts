import type { Environment } from '../../../domain/environment.js';

export const RESEND_JOB_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type ResendJobState = (typeof RESEND_JOB_STATES)[number];

/** A client's request to resend many rejected documents, and how far it got. */
export interface ResendJob {
  id: string;
  clientId: string;
  environment: Environment;
  state: ResendJobState;
  total: number;
  delivered: number;
  failed: number;
}
