import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Inbox of received webhook events: the primary key makes delivery idempotent on the event id. */
@Entity('webhook_events')
export class WebhookEventEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** `agent` or `repository`. */
  @Column({ length: 16 })
  source: string;

  @Column({ length: 32 })
  type: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
