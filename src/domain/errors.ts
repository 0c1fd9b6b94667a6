/**
 * A failure with a stable code. The HTTP exception filter maps `kind` to a status;
 * workers throw these too, never HTTP exceptions.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'unprocessable' | 'unavailable' | 'too_large';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
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

export class UnavailableError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'unavailable', message);
  }
}
