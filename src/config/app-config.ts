import type { Environment } from '../domain/environment.js';

export type Role = 'api' | 'worker' | 'all';

/** Development-only operator token, documented in the README; never accepted when NODE_ENV=production. */
export const DEVELOPMENT_ADMIN_TOKEN = 'dev-admin-token-change-me';

export type AppConfigValues = Omit<AppConfig, 'runsApi' | 'runsWorkers'>;

/** The validated, typed configuration. Injected by class; the only source of settings. */
export class AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly role: Role;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly s3: {
    readonly endpoint: string | undefined;
    readonly region: string;
    readonly accessKeyId: string | undefined;
    readonly secretAccessKey: string | undefined;
    readonly forcePathStyle: boolean;
    readonly embeddedDir: string;
  };
  readonly rejectedBuckets: Readonly<Record<Environment, string>>;
  readonly retentionMs: Readonly<Record<Environment, number>>;
  readonly retryScheduleMs: readonly number[];
  readonly notificationRetryScheduleMs: readonly number[];
  readonly sweepIntervalMs: number;
  readonly deliveryTimeoutMs: number;
  readonly acceptedStatusCodes: readonly number[];
  readonly suspendAfter: number;
  readonly adminToken: string;
  readonly allowPrivateTargets: boolean;
  readonly maxDocumentBytes: number;
  readonly mailboxConcurrency: number;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  constructor(values: AppConfigValues) {
    Object.assign(this, values);
  }

  get runsApi(): boolean {
    return this.role !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.role !== 'api';
  }
}
