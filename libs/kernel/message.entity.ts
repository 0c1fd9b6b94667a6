import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { EventEnvelope } from './envelope.js';

/**
 * One message for one actor: a published event waiting to be handled. The row is the pending work;
 * Redis only rings a doorbell. It is deleted in the transaction that handles it, so a copy can
 * take effect once; one whose attempts ran out stays, marked failed, for a look.
 */
@Entity({ name: 'kernel_messages' })
@Unique('kernel_messages_event_actor', ['eventId', 'actor'])
@Index('kernel_messages_due', ['actor', 'runAt'], { where: 'failed_at IS NULL' })
export class MessageRecord {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column({ type: 'uuid', name: 'event_id' })
  eventId: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'json' })
  envelope: EventEnvelope;

  /** Not before: now for an ordinary message, later for a delayed one or a retry after a failure. */
  @Column({ type: 'timestamptz', name: 'run_at', default: () => 'now()' })
  runAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Held by a worker until then; a worker that dies loses it, and the message is handled again. */
  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', name: 'lease_owner', nullable: true })
  leaseOwner: string | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', name: 'failed_at', nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
