/** Thrown inside a message transaction when another worker already handled the same message. */
export class MessageAlreadyHandled extends Error {
  constructor(messageId: string, actor: string) {
    super(`message ${messageId} was already handled by ${actor}`);
  }
}

export class KernelConfigurationError extends Error {}

/** An error's message followed by its causes', for the log: a dependency's own words travel as a cause. */
export function withCauses(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}; cause: ${withCauses(error.cause)}`;
}
