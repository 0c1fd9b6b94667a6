/** Thrown inside a message transaction when another delivery of the same message already took effect. */
export class MessageAlreadyHandled extends Error {
  constructor(messageId: string, actor: string) {
    super(`message ${messageId} was already handled by ${actor}`);
  }
}

export class KernelConfigurationError extends Error {}
