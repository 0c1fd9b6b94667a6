/** Thrown inside a message transaction when another worker already handled the same message. */
export class MessageAlreadyHandled extends Error {
  constructor(messageId: string, actor: string) {
    super(`message ${messageId} was already handled by ${actor}`);
  }
}

export class KernelConfigurationError extends Error {}

/**
 * Thrown by a handler whose message cannot be handled yet for a reason that is no failure (its receiver's slots are
 * all busy, it asked to be left alone until then): the message waits until `until`, and is not charged an attempt.
 */
export class NotYet extends Error {
  constructor(readonly until: Date) {
    super(`not yet: to be handled again from ${until.toISOString()}`);
  }
}

/** An error's message followed by its causes', for the log: a dependency's own words travel as a cause. */
export function withCauses(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}; cause: ${withCauses(error.cause)}`;
}
