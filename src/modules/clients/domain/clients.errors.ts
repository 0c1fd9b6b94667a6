import { ConflictError, NotFoundError } from '../../../domain/errors.js';

export class ClientNotFound extends NotFoundError {
  constructor() {
    super('CLIENTS.CLIENT_NOT_FOUND', 'client not found');
  }
}

export class HookNotFound extends NotFoundError {
  constructor() {
    super('CLIENTS.HOOK_NOT_FOUND', 'hook not found');
  }
}

export class HookAlreadyActive extends ConflictError {
  constructor() {
    super('CLIENTS.HOOK_ALREADY_ACTIVE', 'hook is already Active: only a Suspended hook can be restarted');
  }
}
