import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One write through the API: who, what, on which resource, with what outcome. */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at'])
export class AuditEntryEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @ApiProperty({ format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ApiProperty({ example: 'admin' })
  @Index('ix_audit_log_username')
  @Column({ length: 64 })
  username: string;

  @ApiProperty({ example: 'POST' })
  @Column({ length: 8 })
  method: string;

  /** Route pattern, e.g. `/clients/:id`. */
  @ApiProperty({ example: '/clients/:id' })
  @Column({ length: 200 })
  route: string;

  /** Path as called. */
  @ApiProperty({ example: '/clients/5b7…' })
  @Column({ length: 500 })
  path: string;

  /** Id of the resource written, when known (route `:id` or the created resource's id). */
  @ApiProperty({ nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  resourceId: string | null;

  @ApiProperty({ example: 201 })
  @Column({ type: 'int' })
  statusCode: number;

  @ApiProperty({ example: '127.0.0.1' })
  @Column({ length: 64 })
  address: string;
}
