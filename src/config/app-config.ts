import type { Environment } from '../domain/environment.js';
import type { TracingConfig } from './tracing-config.js';

export type Role = 'api' | 'worker' | 'all';
export type ServerSideEncryption = 'AES256' | 'aws:kms';
/** Storage classes whose objects can be copied back at once (GLACIER and DEEP_ARCHIVE need a restore request first). */
export const ARCHIVE_STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'] as const;
export type ArchiveStorageClass = (typeof ARCHIVE_STORAGE_CLASSES)[number];

export type AppConfigValues = Omit<AppConfig, 'runsApi' | 'runsWorkers'>;

/** The validated, typed configuration. Injected by class; the only source of settings. */
export class AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly role: Role;
  readonly databaseUrl: string;
  /** `auto`, `off` or a directory: see DATABASE_SOCKET_DIR. */
  readonly databaseSocketDir: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly s3: {
    readonly endpoint: string | undefined;
    readonly region: string;
    readonly accessKeyId: string | undefined;
    readonly secretAccessKey: string | undefined;
    readonly forcePathStyle: boolean;
    readonly embeddedDir: string;
    readonly serverSideEncryption: ServerSideEncryption | undefined;
  };
  readonly rejectedBuckets: Readonly<Record<Environment, string>>;
  readonly retentionMs: Readonly<Record<Environment, number>>;
  readonly retryScheduleMs: readonly number[];
  readonly notificationRetryScheduleMs: readonly number[];
  readonly sweepIntervalMs: number;
  /** How long a delivered document's body is kept. */
  readonly deliveredRetentionMs: number;
  /** How long a document's metadata and attempts, notifications and receipts are kept (EVENT_RETENTION). */
  readonly eventRetentionMs: number;
  /** The time span of one partition of the tables that grow with traffic (PARTITION_INTERVAL). */
  readonly partitionIntervalMs: number;
  readonly archive: {
    readonly bucket: string;
    /** 0: an expired rejected document is deleted, not archived. */
    readonly retentionMs: number;
    readonly storageClass: ArchiveStorageClass | undefined;
  };
  readonly deliveryTimeoutMs: number;
  readonly acceptedStatusCodes: readonly number[];
  readonly suspendAfter: number;
  /** Operators' tokens (any of them is accepted): they reach everything. */
  readonly adminTokens: readonly string[];
  /** Internal producers' tokens: they reach the ingest endpoints only. */
  readonly producerTokens: readonly string[];
  /** The file the tokens were read from, when the environment did not set them (development); null otherwise. */
  readonly credentialsFile: { path: string; generated: boolean; readableByOthers: boolean } | null;
  readonly secretRotationOverlapMs: number;
  readonly allowPrivateTargets: boolean;
  readonly maxDocumentBytes: number;
  readonly mailboxConcurrency: number;
  readonly reconcileIntervalMs: number;
  readonly reconcileGraceMs: number;
  /** How long a claim on pending work holds unrenewed (LEASE_DURATION); renewed every third of it while the work runs. */
  readonly leaseMs: number;
  readonly jobHistoryRetentionMs: number;
  /** How often one process counts the shared gauges (METRICS_INTERVAL). */
  readonly metricsIntervalMs: number;
  readonly maxRetryAfterMs: number;
  readonly hookMaxInFlight: number;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** Decided here; the SDK itself is started before the service loads (`--import ./dist/src/telemetry.js`). */
  readonly tracing: TracingConfig;

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
