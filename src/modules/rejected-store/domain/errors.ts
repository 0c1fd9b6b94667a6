import { DomainError, NotFoundError, UnavailableError } from '../../../domain/errors.js';

export class RejectedDocumentNotFound extends NotFoundError {
  constructor(documentId: string) {
    super('REJECTED.DOCUMENT_NOT_FOUND', `no rejected document ${documentId} is waiting in the bucket`);
  }
}

export class ResendJobNotFound extends NotFoundError {
  constructor(jobId: string) {
    super('REJECTED.RESEND_JOB_NOT_FOUND', `no resend job ${jobId}`);
  }
}

export class RejectedStoreInvalidInput extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'invalid', message);
  }
}

/** S3 did not answer or failed: the caller may try again later; workers are retried by their mailbox. */
export class RejectedStorageUnavailable extends UnavailableError {
  constructor(operation: string, cause: unknown) {
    super('REJECTED.STORAGE_UNAVAILABLE', `the rejected bucket could not ${operation}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}
