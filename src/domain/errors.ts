/**
 * A failure with a stable code. The HTTP exception filter maps `kind` to a status;
 * workers throw these too, never HTTP exceptions.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'unprocessable' | 'unavailable' | 'too_large' | 'gone';

export class DomainError extends Error {
  /** `message` is for the caller; a dependency's own words go in `cause`, which only the log sees. */
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'not_found', message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'conflict', message);
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'unprocessable', message);
  }
}

/** A dependency (PostgreSQL, Redis, S3) failed: a 503 with `message`, the dependency's error in `cause`. */
export class UnavailableError extends DomainError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, 'unavailable', message, cause);
  }
}

/** What was asked for existed once and is no longer kept. */
export class GoneError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'gone', message);
  }
}

/**
 * One answer for a client that does not exist or is not the caller's, whichever module is asked: a client
 * never learns whether another client's id exists.
 */
export class ClientNotFound extends NotFoundError {
  constructor(clientId?: string) {
    super('CLIENT_NOT_FOUND', clientId === undefined ? 'client not found' : `client ${clientId} not found`);
  }
}

/** The same for a hook. */
export class HookNotFound extends NotFoundError {
  constructor() {
    super('HOOK_NOT_FOUND', 'hook not found');
  }
}
