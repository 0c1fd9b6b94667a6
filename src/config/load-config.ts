import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppConfig, DEVELOPMENT_ADMIN_TOKEN, type Role } from './app-config.js';
import { parseDuration, parseDurationList } from './duration.js';
import { EnvironmentVariables } from './environment-variables.js';

export class ConfigurationError extends Error {}

/** Reads and validates the environment; throws ConfigurationError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const name of [...known, 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'ADMIN_TOKEN']) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigurationError(describe(errors[0], raw));

  const retrySchedule = parseDurationList(vars.RETRY_SCHEDULE)!;
  if (retrySchedule.some((offset, i) => i > 0 && offset <= retrySchedule[i - 1])) {
    throw new ConfigurationError(
      `Invalid configuration: RETRY_SCHEDULE offsets are counted from the first attempt and must increase (got "${vars.RETRY_SCHEDULE}")`,
    );
  }

  return new AppConfig({
    nodeEnv: vars.NODE_ENV as AppConfig['nodeEnv'],
    port: vars.PORT,
    role: vars.ROLE as Role,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    redisPrefix: vars.REDIS_PREFIX,
    s3: {
      endpoint: vars.S3_ENDPOINT,
      region: vars.S3_REGION,
      accessKeyId: vars.S3_ACCESS_KEY_ID,
      secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
      forcePathStyle: vars.S3_FORCE_PATH_STYLE === 'true',
      embeddedDir: vars.S3_EMBEDDED_DIR,
    },
    rejectedBuckets: { sandbox: vars.REJECTED_BUCKET_SANDBOX, production: vars.REJECTED_BUCKET_PRODUCTION },
    retentionMs: { sandbox: parseDuration(vars.RETENTION_SANDBOX)!, production: parseDuration(vars.RETENTION_PRODUCTION)! },
    retryScheduleMs: retrySchedule,
    notificationRetryScheduleMs: parseDurationList(vars.NOTIFICATION_RETRY_SCHEDULE)!,
    sweepIntervalMs: parseDuration(vars.SWEEP_INTERVAL)!,
    deliveryTimeoutMs: parseDuration(vars.DELIVERY_TIMEOUT)!,
    acceptedStatusCodes: vars.ACCEPTED_STATUS_CODES.split(',').map((code) => Number(code.trim())),
    suspendAfter: vars.SUSPEND_AFTER,
    adminToken: vars.ADMIN_TOKEN ?? DEVELOPMENT_ADMIN_TOKEN,
    allowPrivateTargets: vars.ALLOW_PRIVATE_TARGETS === 'true',
    maxDocumentBytes: vars.MAX_DOCUMENT_BYTES,
    mailboxConcurrency: vars.MAILBOX_CONCURRENCY,
    logLevel: vars.LOG_LEVEL as AppConfig['logLevel'],
  });
}

function describe(error: ValidationError, raw: Record<string, string>): string {
  const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  // Secrets are named, never echoed.
  const shown = /TOKEN|SECRET|KEY/.test(error.property) ? '' : ` (got "${raw[error.property] ?? ''}")`;
  return `Invalid configuration: ${message}${shown}`;
}
