import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppConfig, type ArchiveStorageClass, type Role, type ServerSideEncryption } from './app-config.js';
import { CredentialsFileError, DEFAULT_CREDENTIALS_FILE, readOrCreateCredentialsFile, TOKEN_VARIABLES, type CredentialsFile } from './credentials-file.js';
import { parseDuration, parseDurationList } from './duration.js';
import { EnvironmentVariables } from './environment-variables.js';
import { parseTokenList } from './token-list.js';
import { ConfigurationError } from './configuration-error.js';
import { loadTracingConfig } from './tracing-config.js';

export { ConfigurationError };

const OPTIONAL = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_SSE', 'ARCHIVE_STORAGE_CLASS', ...TOKEN_VARIABLES];

/**
 * Reads and validates the environment; throws ConfigurationError naming the first bad variable.
 * Outside production, tokens the environment does not set come from `credentialsFile`, generated once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, credentialsFile: string = DEFAULT_CREDENTIALS_FILE): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const name of [...known, ...OPTIONAL]) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const file = developmentCredentials(raw, credentialsFile);
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigurationError(describe(errors[0], raw, file));
  if (vars.NODE_ENV === 'production' && vars.ALLOW_PRIVATE_TARGETS === 'true') {
    throw new ConfigurationError(
      'Invalid configuration: ALLOW_PRIVATE_TARGETS=true is refused with NODE_ENV=production (webhook URLs on loopback and private networks are for development and tests)',
    );
  }
  if ([vars.REJECTED_BUCKET_SANDBOX, vars.REJECTED_BUCKET_PRODUCTION].includes(vars.ARCHIVE_BUCKET)) {
    throw new ConfigurationError('Invalid configuration: ARCHIVE_BUCKET must differ from REJECTED_BUCKET_SANDBOX and REJECTED_BUCKET_PRODUCTION');
  }
  const adminTokens = parseTokenList(vars.ADMIN_TOKEN!)!;
  const producerTokens = parseTokenList(vars.PRODUCER_TOKEN!)!;
  if (adminTokens.some((token) => producerTokens.includes(token))) {
    throw new ConfigurationError('Invalid configuration: a token may not be in both ADMIN_TOKEN and PRODUCER_TOKEN');
  }

  const retrySchedule = increasingSchedule('RETRY_SCHEDULE', vars.RETRY_SCHEDULE);
  const notificationRetrySchedule = increasingSchedule('NOTIFICATION_RETRY_SCHEDULE', vars.NOTIFICATION_RETRY_SCHEDULE);
  const lifetimes = checkedLifetimes(vars, retrySchedule);

  return new AppConfig({
    nodeEnv: vars.NODE_ENV as AppConfig['nodeEnv'],
    port: vars.PORT,
    role: vars.ROLE as Role,
    databaseUrl: vars.DATABASE_URL,
    databaseSocketDir: vars.DATABASE_SOCKET_DIR,
    redisUrl: vars.REDIS_URL,
    redisPrefix: vars.REDIS_PREFIX,
    s3: {
      endpoint: vars.S3_ENDPOINT,
      region: vars.S3_REGION,
      accessKeyId: vars.S3_ACCESS_KEY_ID,
      secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
      forcePathStyle: vars.S3_FORCE_PATH_STYLE === 'true',
      embeddedDir: vars.S3_EMBEDDED_DIR,
      serverSideEncryption: vars.S3_SSE as ServerSideEncryption | undefined,
    },
    rejectedBuckets: { sandbox: vars.REJECTED_BUCKET_SANDBOX, production: vars.REJECTED_BUCKET_PRODUCTION },
    retentionMs: { sandbox: parseDuration(vars.RETENTION_SANDBOX)!, production: parseDuration(vars.RETENTION_PRODUCTION)! },
    retryScheduleMs: retrySchedule,
    notificationRetryScheduleMs: notificationRetrySchedule,
    sweepIntervalMs: parseDuration(vars.SWEEP_INTERVAL)!,
    deliveredRetentionMs: parseDuration(vars.DELIVERED_RETENTION)!,
    ...lifetimes,
    archive: {
      bucket: vars.ARCHIVE_BUCKET,
      retentionMs: parseDuration(vars.ARCHIVE_RETENTION, { allowZero: true })!,
      storageClass: vars.ARCHIVE_STORAGE_CLASS as ArchiveStorageClass | undefined,
    },
    deliveryTimeoutMs: parseDuration(vars.DELIVERY_TIMEOUT)!,
    acceptedStatusCodes: vars.ACCEPTED_STATUS_CODES.split(',').map((code) => Number(code.trim())),
    suspendAfter: vars.SUSPEND_AFTER,
    adminTokens,
    producerTokens,
    credentialsFile: file && { path: file.path, generated: file.generated, readableByOthers: file.readableByOthers },
    secretRotationOverlapMs: parseDuration(vars.SECRET_ROTATION_OVERLAP)!,
    allowPrivateTargets: vars.ALLOW_PRIVATE_TARGETS === 'true',
    maxDocumentBytes: vars.MAX_DOCUMENT_BYTES,
    mailboxConcurrency: vars.MAILBOX_CONCURRENCY,
    reconcileIntervalMs: parseDuration(vars.RECONCILE_INTERVAL)!,
    reconcileGraceMs: parseDuration(vars.RECONCILE_GRACE)!,
    leaseMs: checkedLease(vars.LEASE_DURATION),
    // A failed message is a row like any other: EVENT_RETENTION bounds it too.
    jobHistoryRetentionMs: Math.min(parseDuration(vars.JOB_HISTORY_RETENTION)!, lifetimes.eventRetentionMs),
    metricsIntervalMs: parseDuration(vars.METRICS_INTERVAL)!,
    maxRetryAfterMs: parseDuration(vars.MAX_RETRY_AFTER)!,
    hookMaxInFlight: vars.HOOK_MAX_IN_FLIGHT,
    logLevel: vars.LOG_LEVEL as AppConfig['logLevel'],
    tracing: loadTracingConfig(env),
  });
}

/** A lease is renewed every third of its length: shorter than a second, the renewals would be most of the work. */
function checkedLease(text: string): number {
  const leaseMs = parseDuration(text)!;
  if (leaseMs < 1_000) throw new ConfigurationError(`Invalid configuration: LEASE_DURATION must be at least 1s (got "${text}")`);
  return leaseMs;
}

/** Offsets are counted from the first attempt, so each must come after the one before. */
function increasingSchedule(name: string, text: string): number[] {
  const schedule = parseDurationList(text)!;
  if (schedule.some((offset, i) => i > 0 && offset <= schedule[i - 1])) {
    throw new ConfigurationError(`Invalid configuration: ${name} offsets are counted from the first attempt and must increase (got "${text}")`);
  }
  return schedule;
}

/** Most partitions an id lookup may probe: EVENT_RETENTION spans at most this many intervals, plus the current one and a part. */
export const MAX_PARTITIONS_PER_LOOKUP = 8;

/**
 * EVENT_RETENTION bounds every row, so it must outlast what still needs the rows: a delivered body
 * (DELIVERED_RETENTION) and a document waiting for its last retry. An id lookup probes one index per
 * partition within it, so the partitions must be few enough.
 */
function checkedLifetimes(vars: EnvironmentVariables, retryScheduleMs: readonly number[]): { eventRetentionMs: number; partitionIntervalMs: number } {
  const eventRetentionMs = parseDuration(vars.EVENT_RETENTION)!;
  const partitionIntervalMs = parseDuration(vars.PARTITION_INTERVAL)!;
  const outlast = (name: string, ms: number, why: string) => {
    if (eventRetentionMs < ms) throw new ConfigurationError(`Invalid configuration: EVENT_RETENTION (${vars.EVENT_RETENTION}) must be at least ${name} (${why})`);
  };
  outlast('DELIVERED_RETENTION', parseDuration(vars.DELIVERED_RETENTION)!, 'a delivered body is kept with its metadata');
  outlast('the last RETRY_SCHEDULE offset', retryScheduleMs.at(-1) ?? 0, 'a document waiting for a retry keeps its metadata');
  if (eventRetentionMs / partitionIntervalMs > MAX_PARTITIONS_PER_LOOKUP - 2) {
    throw new ConfigurationError(
      `Invalid configuration: PARTITION_INTERVAL (${vars.PARTITION_INTERVAL}) must be at least EVENT_RETENTION / ${MAX_PARTITIONS_PER_LOOKUP - 2}, so that a lookup by id probes at most ${MAX_PARTITIONS_PER_LOOKUP} partitions`,
    );
  }
  return { eventRetentionMs, partitionIntervalMs };
}

/** Outside production, fills the token variables the environment left unset from the credentials file. */
function developmentCredentials(raw: Record<string, string>, path: string): CredentialsFile | null {
  const nodeEnv = raw.NODE_ENV ?? 'development';
  if (nodeEnv === 'production' || !['development', 'test'].includes(nodeEnv)) return null;
  if (TOKEN_VARIABLES.every((name) => raw[name] !== undefined)) return null;
  let file: CredentialsFile;
  try {
    file = readOrCreateCredentialsFile(path);
  } catch (error) {
    if (error instanceof CredentialsFileError) throw new ConfigurationError(error.message);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigurationError(`Invalid configuration: ADMIN_TOKEN or PRODUCER_TOKEN is unset and ${path} could not be read or created (${reason})`);
  }
  for (const name of TOKEN_VARIABLES) raw[name] ??= file.values[name];
  return file;
}

function describe(error: ValidationError, raw: Record<string, string>, file: CredentialsFile | null): string {
  const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  // Secrets are named, never echoed.
  const secret = /TOKEN|SECRET|KEY/.test(error.property);
  const fromFile = file !== null && raw[error.property] === file.values[error.property as keyof CredentialsFile['values']];
  const shown = secret ? (fromFile ? ` (in ${file.path})` : '') : ` (got "${raw[error.property] ?? ''}")`;
  return `Invalid configuration: ${message}${shown}`;
}
