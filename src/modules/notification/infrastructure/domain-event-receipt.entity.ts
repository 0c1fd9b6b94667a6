import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';

/** Ids of the domain events producers have handed over, so a repeated POST publishes nothing more. */
@Entity({ name: 'domain_event_receipts' })
export class DomainEventReceiptRecord {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  @Column({ type: 'text' })
  environment: Environment;

  @CreateDateColumn({ type: 'timestamptz', name: 'received_at' })
  receivedAt: Date;
}
