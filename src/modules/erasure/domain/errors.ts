import { DomainError, NotFoundError } from '../../../domain/errors.js';

export class ErasureNotFound extends NotFoundError {
  constructor(id: string) {
    super('ERASURE.NOT_FOUND', `no erasure ${id}`);
  }
}

export class ErasureClientRequired extends DomainError {
  constructor() {
    super('ERASURE.CLIENT_REQUIRED', 'invalid', 'clientId is required: operators name the client whose user to erase');
  }
}
