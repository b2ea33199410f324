import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Inbox of received webhook events: the primary key makes delivery idempotent on the event id. */
@Entity('webhook_events')
export class WebhookEventEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryColumn('uuid')
  id: string;

  /** `agent` or `repository`. */
  @ApiProperty({ type: String })
  @Column({ length: 16 })
  source: string;

  @ApiProperty({ type: String })
  @Column({ length: 32 })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
