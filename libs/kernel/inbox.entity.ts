import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Messages each actor has handled, so a message delivered twice takes effect once. */
@Entity({ name: 'inbox' })
@Index('inbox_handled_at', ['handledAt'])
export class InboxRecord {
  @PrimaryColumn({ type: 'uuid', name: 'message_id' })
  messageId: string;

  @PrimaryColumn({ type: 'text' })
  actor: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'handled_at' })
  handledAt: Date;
}
