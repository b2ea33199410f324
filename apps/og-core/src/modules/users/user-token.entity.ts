import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** `refresh` tokens rotate on every use; `api` tokens are issued to a user for scripts. Only their SHA-256 is stored. */
export const USER_TOKEN_KINDS = ['refresh', 'api'] as const;
export type UserTokenKind = (typeof USER_TOKEN_KINDS)[number];

@Entity('user_tokens')
export class UserTokenEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: UserEntity;

  @ApiProperty({ enum: USER_TOKEN_KINDS })
  @Column({ type: 'varchar', length: 16 })
  kind: UserTokenKind;

  /** What the token is for (API tokens). */
  @ApiProperty({ example: 'nightly inventory script' })
  @Column({ type: 'varchar', length: 100, default: '' })
  name: string;

  /** Hex SHA-256 of the token; the token itself is shown once. */
  @Index('uq_user_tokens_hash', { unique: true })
  @Column({ length: 64, select: false })
  tokenHash: string;

  @ApiProperty()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @ApiProperty({ nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ApiProperty({ nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
