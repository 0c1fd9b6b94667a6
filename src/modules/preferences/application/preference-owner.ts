import { Injectable } from '@nestjs/common';
import { requestedScope, type Caller } from '../../../domain/caller.js';
import { ClientNotFound, DomainError } from '../../../domain/errors.js';
import { KnownClients } from '../../../domain/ports/known-clients.js';

/**
 * Whose preferences a request is about. A client reads and changes its own; the operator names
 * the client with the `clientId` query parameter, since preferences have no resource id to scope by.
 */
@Injectable()
export class PreferenceOwner {
  constructor(private readonly clients: KnownClients) {}

  async of(caller: Caller, requested: string | undefined): Promise<string> {
    const scope = requestedScope(caller, requested, () => new ClientNotFound(requested));
    if (caller.kind === 'client') return scope!;
    if (requested === undefined) {
      throw new DomainError('PREFERENCES.CLIENT_ID_REQUIRED', 'invalid', 'clientId query parameter is required when calling with the operator token');
    }
    if (!(await this.clients.exists(requested))) throw new ClientNotFound(requested);
    return requested;
  }
}
