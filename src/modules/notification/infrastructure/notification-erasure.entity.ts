import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An erasure of the notifications about one user: what it removed, and until when facts about that user are
 * not to be notified (messages still on their way). The user is kept as a hash only.
 */
@Entity({ name: 'notification_erasures' })
@Index('notification_erasures_user', ['clientId', 'userHash'])
export class NotificationErasureRecord {
  @PrimaryColumn({ type: 'uuid', name: 'erasure_id' })
  erasureId: string;

  @Column({ type: 'uuid', name: 'client_id' })
  clientId: string;

  /** SHA-256 of the client id and the user id. */
  @Column({ type: 'text', name: 'user_hash' })
  userHash: string;

  /** Facts about the user that occurred up to this instant are not notified any more. */
  @Column({ type: 'timestamptz', name: 'facts_until' })
  factsUntil: Date;

  /** Notifications it removed. */
  @Column({ type: 'integer' })
  removed: number;
}
