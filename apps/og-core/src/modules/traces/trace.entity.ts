import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '@core/database/bigint.transformer';
import { ClientEntity } from '@core/modules/clients/client.entity';

export const TRACE_COMMANDS = [
  'partition',
  'create-image',
  'deploy-image',
  'hardware-inventory',
  'run-script',
  'software-inventory',
  'update-cache',
  'delete-cache-image',
  'boot-os',
  'power-off',
  'reboot',
  'refresh',
] as const;
export type TraceCommand = (typeof TRACE_COMMANDS)[number];
export const TRACE_STATUSES = ['pending', 'sent', 'in-progress', 'success', 'failed'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];
/** Statuses a trace never leaves. */
export const FINAL_TRACE_STATUSES: TraceStatus[] = ['success', 'failed'];

/** One command on one client, from the order to its result. */
@Entity('traces')
@Index('ix_traces_client', ['clientId', 'createdAt'])
export class TraceEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String, enum: TRACE_COMMANDS })
  @Column({ type: 'varchar', length: 32 })
  command: TraceCommand;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  client?: ClientEntity;

  /** Image the command captures or deploys, if any. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  imageId: string | null;

  @ApiProperty({ type: String, enum: TRACE_STATUSES })
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: TraceStatus;

  /** 0–100. */
  @ApiProperty({ type: Number })
  @Column({ type: 'real', default: 0 })
  progress: number;

  /** Agent stage (`download`, `write`, …). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  stage: string | null;

  /** Bytes per second at the last progress report. */
  @ApiProperty({ type: Number })
  @Column({ type: 'bigint', default: 0, transformer: BIGINT_AS_NUMBER })
  rateBytesPerSecond: number;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  stderrTail: string | null;

  /** Agent's `job_id`, e.g. `RestaurarImagen-dfa42888`. */
  @ApiProperty({ type: String, nullable: true })
  @Index('ix_traces_agent_job')
  @Column({ type: 'varchar', length: 64, nullable: true })
  agentJobId: string | null;

  /** The exact order body sent to the agent (OpenGnsys parameter names). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @Column({ type: 'jsonb' })
  input: Record<string, unknown>;

  /** What the agent reported at the end. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
