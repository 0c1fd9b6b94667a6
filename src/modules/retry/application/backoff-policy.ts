import { Injectable } from '@nestjs/common';
import { retryAfterFailure, type BackoffRule } from '../../../../libs/kernel/index.js';
import { Backoffs, type BackoffRuleName } from '../../../domain/ports/backoffs.js';
import { BACKOFF_RULES } from '../domain/backoff-rules.js';

/** Retry's backoff rules for our own failed work, applied by the kernel's one backoff formula. */
@Injectable()
export class BackoffPolicy extends Backoffs {
  rule(name: BackoffRuleName): BackoffRule {
    return BACKOFF_RULES[name];
  }

  retryAt(name: BackoffRuleName, attemptsMade: number, now = new Date()): Date | null {
    return retryAfterFailure(BACKOFF_RULES[name], attemptsMade, now);
  }

  all(): Readonly<Record<BackoffRuleName, BackoffRule>> {
    return BACKOFF_RULES;
  }
}
