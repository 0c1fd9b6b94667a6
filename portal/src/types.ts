/** What the portal reads from the client API (see /docs). */

export type Environment = 'sandbox' | 'production';

export interface Hook {
  id: string;
  environment: Environment;
  kind: 'data' | 'notification';
  url: string;
  status: 'Active' | 'Suspended' | 'Restarting';
  consecutiveFailures: number;
  updatedAt: string;
  // Limits arrive with the receivers' issue: shown only when the API returns them.
  pausedUntil?: string | null;
  rateLimit?: number | null;
  maxInFlight?: number;
  ordering?: 'none' | 'user';
}

export interface HookSecret {
  signingSecret: string;
  previousSecret?: string;
  previousSecretExpiresAt?: string;
}

export interface Attempt {
  deliveryId: string;
  trigger: 'initial' | 'retry' | 'resend' | 'redeliver' | 'replay';
  attemptedAt: string;
  responseStatus: number | null;
  responseDurationMs: number;
  error: string | null;
}

export interface DeliveryEvent {
  id: string;
  eventName: string;
  kind: string;
  status: 'Pending' | 'Success' | 'Failed';
  environment: Environment;
  userId: string;
  createdAt: string;
  lastAttemptedAt: string | null;
  nextAttemptAt: string | null;
  attempts: Attempt[];
  rejected?: { storedAt: string; expiresAt: string; expired?: boolean };
  bodyPurgedAt?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Redelivery {
  response_status: number | null;
  response_duration_ms: number;
}

export interface RejectedItem {
  id: string;
  kind: string;
  type: string;
  userId: string;
  environment: Environment;
  storedAt: string;
  expiresAt: string;
  attempts: number;
}

export interface ResendOutcome {
  id: string;
  delivered: boolean;
  response_status: number | null;
  response_duration_ms: number;
}

export interface ResendJob {
  jobId: string;
  state: 'queued' | 'running' | 'completed' | 'failed';
  total: number;
  delivered: number;
  failed: number;
}

export type Category = 'user_management' | 'extraction_failures' | 'rejected_information';

export interface Preferences {
  environment: Environment;
  notifications: Record<Category, boolean>;
}
