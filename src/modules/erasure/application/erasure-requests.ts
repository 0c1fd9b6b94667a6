import { Injectable } from '@nestjs/common';
import { clientScope, requestedScope, type Caller } from '../../../domain/caller.js';
import { KnownClients } from '../../../domain/ports/known-clients.js';
import type { Erasure } from '../domain/erasure.js';
import { ClientNotFound } from '../../../domain/errors.js';
import { ErasureClientRequired, ErasureNotFound } from '../domain/errors.js';
import { ErasureRunner } from './erasure-runner.js';
import { Erasures } from './ports/erasures.js';
import { newId } from '../../../domain/ids.js';

/** Erasure requests: a client erases its own users, an operator names the client. */
@Injectable()
export class ErasureRequests {
  constructor(
    private readonly erasures: Erasures,
    private readonly runner: ErasureRunner,
    private readonly clients: KnownClients,
  ) {}

  async request(caller: Caller, userId: string, requestedClientId: string | undefined): Promise<Erasure> {
    const clientId = requestedScope(caller, requestedClientId, () => new ClientNotFound(requestedClientId!));
    if (clientId === null) throw new ErasureClientRequired();
    if (caller.kind === 'operator' && !(await this.clients.exists(clientId))) throw new ClientNotFound(clientId);
    const id = newId();
    await this.erasures.create({ id, clientId, userId });
    this.runner.start(id);
    return (await this.erasures.find(id, clientId))!;
  }

  async find(id: string, caller: Caller): Promise<Erasure> {
    const erasure = await this.erasures.find(id, clientScope(caller));
    if (!erasure) throw new ErasureNotFound(id);
    return erasure;
  }
}
