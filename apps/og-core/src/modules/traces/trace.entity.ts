import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '@core/database/bigint.transformer';
import { ClientEntity } from '@core/modules/clients/client.entity';

export const TRACE_COMMANDS = ['partition', 'create-image', 'deploy-image'] as const;
export type TraceCommand = (typeof TRACE_COMMANDS)[number];
export const TRACE_STATUSES = ['pending', 'sent', 'in-progress', 'success', 'failed'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];
/** Statuses a trace never leaves. */
export const FINAL_TRACE_STATUSES: TraceStatus[] = ['success', 'failed'];

/** One command on one client, from the order to its result. */
@Entity('traces')
@Index('ix_traces_client', ['clientId', 'createdAt'])
export class TraceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  command: TraceCommand;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  client?: ClientEntity;

  /** Image the command captures or deploys, if any. */
  @Column({ type: 'uuid', nullable: true })
  imageId: string | null;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: TraceStatus;

  /** 0–100. */
  @Column({ type: 'real', default: 0 })
  progress: number;

  /** Agent stage (`download`, `write`, …). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  stage: string | null;

  /** Bytes per second at the last progress report. */
  @Column({ type: 'bigint', default: 0, transformer: BIGINT_AS_NUMBER })
  rateBytesPerSecond: number;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'text', nullable: true })
  stderrTail: string | null;

  /** Agent's `job_id`, e.g. `RestaurarImagen-dfa42888`. */
  @Index('ix_traces_agent_job')
  @Column({ type: 'varchar', length: 64, nullable: true })
  agentJobId: string | null;

  /** The exact order body sent to the agent (OpenGnsys parameter names). */
  @Column({ type: 'jsonb' })
  input: Record<string, unknown>;

  /** What the agent reported at the end. */
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
