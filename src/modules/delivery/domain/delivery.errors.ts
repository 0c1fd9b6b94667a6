import { DomainError, NotFoundError, UnavailableError, UnprocessableError } from '../../../domain/errors.js';

export class DocumentNotFound extends NotFoundError {
  constructor() {
    super('DELIVERY.DOCUMENT_NOT_FOUND', 'document not found');
  }
}

export class HookNotFound extends NotFoundError {
  constructor() {
    super('DELIVERY.HOOK_NOT_FOUND', 'hook not found');
  }
}

/** A list filter naming another client than the caller: as unknown as a missing one. */
export class ClientNotFound extends NotFoundError {
  constructor() {
    super('DELIVERY.CLIENT_NOT_FOUND', 'client not found');
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
  constructor() {
    super('DELIVERY.INGEST_UNAVAILABLE', 'documents could not be stored right now; nothing was accepted, retry later');
  }
}
