import { Logger } from '@nestjs/common';
import type { HealthCheckAttempt, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

export const PROBE_TIMEOUT_MS = 2000;

const logger = new Logger('Health');

/**
 * Runs one terminus check with a deadline. The dependency's own words (addresses, driver errors) go to the
 * log; the public answer only says it did not answer.
 */
export async function quietly<Key extends string>(
  health: HealthIndicatorService,
  key: Key,
  attempt: HealthCheckAttempt<Key>,
): Promise<HealthIndicatorResult<Key>> {
  const result = await attempt.withTimeout(PROBE_TIMEOUT_MS);
  const { status, message } = result[key] as { status: string; message?: string };
  if (status === 'up') return result;
  logger.warn(`${key} is down: ${message}`);
  return health.check(key).down({ message: `${key} did not answer` });
}
