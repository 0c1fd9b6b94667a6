import { Injectable } from '@nestjs/common';
import { ApiKeys } from '../../../domain/ports/api-keys.js';
import { hashApiKey } from '../domain/credentials.js';
import { ClientRepository } from './client.repository.js';

/** Looks a key up by its hash: the unique index makes this one index probe. */
@Injectable()
export class RepositoryApiKeys extends ApiKeys {
  constructor(private readonly clients: ClientRepository) {
    super();
  }

  async clientIdFor(apiKey: string): Promise<string | null> {
    return this.clients.clientIdForKeyHash(hashApiKey(apiKey));
  }
}
