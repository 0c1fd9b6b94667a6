import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KnownClients } from '../../../domain/ports/known-clients.js';

/** One primary-key probe of the clients table. */
@Injectable()
export class RepositoryKnownClients extends KnownClients {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async exists(clientId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM clients WHERE id = $1', [clientId]);
    return rows.length > 0;
  }
}
