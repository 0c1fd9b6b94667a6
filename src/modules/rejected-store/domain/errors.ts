import { NotFoundError, UnavailableError } from '../../../domain/errors.js';

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

/** S3 did not answer or failed: the caller may try again later; workers retry by themselves. S3's words stay in `cause`. */
export class RejectedStorageUnavailable extends UnavailableError {
  constructor(operation: string, cause: unknown) {
    super('REJECTED.STORAGE_UNAVAILABLE', `the rejected bucket could not ${operation} right now; try again later`, cause);
  }
}

export class ArchivedDocumentNotFound extends NotFoundError {
  constructor(documentId: string, environment: string) {
    super('REJECTED.ARCHIVED_DOCUMENT_NOT_FOUND', `no document ${documentId} of this client is kept in the ${environment} archive`);
  }
}

export class RestoreJobNotFound extends NotFoundError {
  constructor(jobId: string) {
    super('REJECTED.RESTORE_JOB_NOT_FOUND', `no restore job ${jobId}`);
  }
}
