import { ConflictError } from '../../../domain/errors.js';

export class HookAlreadyActive extends ConflictError {
  constructor() {
    super('CLIENTS.HOOK_ALREADY_ACTIVE', 'hook is already Active: only a Suspended hook can be restarted');
  }
}
