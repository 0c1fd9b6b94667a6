import type { BodyGoneReason } from './transitions.js';
import { ConflictError, DomainError, GoneError, NotFoundError, UnavailableError, UnprocessableError } from '../../../../domain/errors.js';

export class DocumentNotFound extends NotFoundError {
  constructor() {
    super('DELIVERY.DOCUMENT_NOT_FOUND', 'document not found');
  }
}

export class NoDataHook extends UnprocessableError {
  constructor(clientId: string, environment: string) {
    super('DELIVERY.NO_DATA_HOOK', `client ${clientId} has no data webhook in ${environment}`);
  }
}

export class DocumentTooLarge extends DomainError {
  constructor(maxBytes: number, index?: number) {
    const which = index === undefined ? 'document' : `documents[${index}]`;
    super('DELIVERY.DOCUMENT_TOO_LARGE', 'too_large', `${which} is larger than the ${maxBytes} bytes allowed (MAX_DOCUMENT_BYTES)`);
  }
}

/** The documents could not be committed: the producer still holds them and should retry. */
export class IngestUnavailable extends UnavailableError {
  constructor(cause: unknown) {
    super('DELIVERY.INGEST_UNAVAILABLE', 'documents could not be stored right now; nothing was accepted, retry later', cause);
  }
}

/** The same document id was used for other content, or by another client: the first document stands. */
export class DocumentConflict extends ConflictError {
  constructor(documentId: string, beingErased = false) {
    super(
      'DELIVERY.DOCUMENT_CONFLICT',
      beingErased
        ? `document ${documentId} is being erased; send it again once the erasure is done`
        : `document ${documentId} was already received with other content; use a new id for a new document`,
    );
  }
}

const BODY_GONE: Record<BodyGoneReason, string> = {
  purged: 'it was delivered, and its body was removed after the delivered retention (DELIVERED_RETENTION)',
  expired: 'its retention in the rejected bucket ended and its body was removed',
  archived: 'its retention in the rejected bucket ended; it is kept in the archive, from which an operator can restore it (POST /v1/archive/restore)',
};

/** The document's body is no longer kept (purged after delivery, past its retention in the bucket). */
export class BodyGone extends GoneError {
  constructor(documentId: string, why: BodyGoneReason) {
    super('DELIVERY.BODY_GONE', `document ${documentId} can no longer be delivered: ${BODY_GONE[why]}`);
  }
}

export class ReplayJobNotFound extends NotFoundError {
  constructor(jobId: string) {
    super('DELIVERY.REPLAY_JOB_NOT_FOUND', `no replay job ${jobId}`);
  }
}

export class InvalidReplayRange extends DomainError {
  constructor() {
    super('DELIVERY.INVALID_REPLAY_RANGE', 'invalid', 'from must come before to (to defaults to now)');
  }
}

/** A replay's documents are fixed in one transaction: a range beyond this many is replayed as shorter ranges. */
export class ReplayTooLarge extends DomainError {
  constructor(maxDocuments: number) {
    super('DELIVERY.REPLAY_TOO_LARGE', 'invalid', `the range holds more than ${maxDocuments} delivered documents; replay it as shorter ranges`);
  }
}
