import { IsBooleanString, IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { IsDuration, IsDurationList } from './duration.validators.js';
import { IsTokenList } from './token-list.js';
import { ARCHIVE_STORAGE_CLASSES } from './app-config.js';

/** The raw environment, exactly as API.md names it; validated once at start-up. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'test', 'production'])
  NODE_ENV: string = 'development';

  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT: number = 3000;

  @IsIn(['api', 'worker', 'all'])
  ROLE: string = 'all';

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, { message: 'DATABASE_URL must be a postgres:// URL naming a database' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/webhooks';

  /** `auto`: a DATABASE_URL on loopback connects through the server's Unix socket when it has one that accepts us; `off`: TCP; or the socket's directory. */
  @Matches(/^(auto|off|\/.*)$/, { message: 'DATABASE_SOCKET_DIR must be auto, off or an absolute directory' })
  DATABASE_SOCKET_DIR: string = 'auto';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Key prefix of every Bull queue, so several deployments (or test runs) can share one Redis. */
  @IsString() @Matches(/^[A-Za-z0-9_-]+$/, { message: 'REDIS_PREFIX may hold letters, digits, _ and - only' })
  REDIS_PREFIX: string = 'whd';

  @IsOptional() @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsString() @IsNotEmpty()
  S3_REGION: string = 'us-east-1';

  @IsOptional() @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional() @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Server-side encryption requested on every object the service stores. */
  @IsOptional() @IsIn(['AES256', 'aws:kms'], { message: 'S3_SSE must be AES256 or aws:kms' })
  S3_SSE?: string;

  @IsBooleanString()
  S3_FORCE_PATH_STYLE: string = 'true';

  /** Where the embedded S3 server keeps its data when S3_ENDPOINT is unset. */
  @IsString() @IsNotEmpty()
  S3_EMBEDDED_DIR: string = './var/s3';

  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'REJECTED_BUCKET_SANDBOX must be a valid bucket name' })
  REJECTED_BUCKET_SANDBOX: string = 'rejected-sandbox';

  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'REJECTED_BUCKET_PRODUCTION must be a valid bucket name' })
  REJECTED_BUCKET_PRODUCTION: string = 'rejected-production';

  @IsDuration()
  RETENTION_SANDBOX: string = '3d';

  @IsDuration()
  RETENTION_PRODUCTION: string = '10d';

  @IsDurationList()
  RETRY_SCHEDULE: string = '2h,24h,48h';

  @IsDurationList()
  NOTIFICATION_RETRY_SCHEDULE: string = '1m,5m,30m';

  @IsDuration()
  SWEEP_INTERVAL: string = '15m';

  /** How long a delivered document's body is kept (for redelivery) before it is removed. */
  @IsDuration()
  DELIVERED_RETENTION: string = '7d';

  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'ARCHIVE_BUCKET must be a valid bucket name' })
  ARCHIVE_BUCKET: string = 'rejected-archive';

  /** How long the archive keeps a rejected document after its retention; 0: not archived, deleted at expiry. */
  @IsDuration({ allowZero: true })
  ARCHIVE_RETENTION: string = '90d';

  /** The S3 storage class of archived objects; unset: the bucket's default. Only classes read back at once (a restore copies them). */
  @IsOptional() @IsIn(ARCHIVE_STORAGE_CLASSES, { message: `ARCHIVE_STORAGE_CLASS must be one of ${ARCHIVE_STORAGE_CLASSES.join(', ')} (classes a restore can read at once)` })
  ARCHIVE_STORAGE_CLASS?: string;

  /** How long a document's metadata and attempts, notifications and receipts are kept (whole partitions are dropped after it). */
  @IsDuration()
  EVENT_RETENTION: string = '30d';

  /** The time span of one partition of the tables that grow with traffic. */
  @IsDuration()
  PARTITION_INTERVAL: string = '7d';

  @IsDuration()
  DELIVERY_TIMEOUT: string = '10s';

  @Matches(/^\s*[1-5]\d\d(\s*,\s*[1-5]\d\d)*\s*$/, { message: 'ACCEPTED_STATUS_CODES must be a comma-separated list of HTTP status codes' })
  ACCEPTED_STATUS_CODES: string = '200,201,202';

  @Type(() => Number) @IsInt() @Min(0)
  SUSPEND_AFTER: number = 10;

  /** Outside production a missing token list is read from the credentials file before validation. */
  @IsDefined({ message: 'ADMIN_TOKEN is required in production: the operators\' token(s), comma-separated, each at least 16 characters' })
  @IsTokenList()
  ADMIN_TOKEN?: string;

  @IsDefined({ message: 'PRODUCER_TOKEN is required in production: the producers\' token(s), comma-separated, each at least 16 characters' })
  @IsTokenList()
  PRODUCER_TOKEN?: string;

  @IsBooleanString()
  ALLOW_PRIVATE_TARGETS: string = 'false';

  /** How long a previous signing secret or API key keeps working after a rotation. */
  @IsDuration()
  SECRET_ROTATION_OVERLAP: string = '24h';

  @Type(() => Number) @IsInt() @Min(1024)
  MAX_DOCUMENT_BYTES: number = 1048576;

  /** Messages each process handles at once per actor mailbox. */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  MAILBOX_CONCURRENCY: number = 32;

  /** How often overdue work is woken again from PostgreSQL (Redis may have lost its doorbell). */
  @IsDuration()
  RECONCILE_INTERVAL: string = '2s';

  /** How late a due row must be before the reconciler wakes it again. */
  @IsDuration()
  RECONCILE_GRACE: string = '10s';

  /** How long a worker's claim on pending work holds unrenewed: a dead worker's work is taken over this long after it died. */
  @IsDuration()
  LEASE_DURATION: string = '30s';

  /** How often one process counts the shared gauges that every process reports. */
  @IsDuration()
  METRICS_INTERVAL: string = '15s';

  /** How long failed messages and failed doorbell jobs are kept for a look. */
  @IsDuration()
  JOB_HISTORY_RETENTION: string = '7d';

  @IsDuration()
  MAX_RETRY_AFTER: string = '1h';

  @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  HOOK_MAX_IN_FLIGHT: number = 32;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: string = 'log';
}
