import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ROLES } from '@core/modules/access/roles';

@Entity('users')
export class UserEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: 'operador1' })
  @Index('uq_users_username', { unique: true })
  @Column({ length: 64 })
  username: string;

  /** `scrypt$N$r$p$salt$hash` (base64 parts); never selected unless asked for. */
  @Column({ length: 255, select: false })
  passwordHash: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @Column({ type: 'text', array: true, default: () => "'{super-admin}'" })
  roles: string[];

  /** Organizational units the user is scoped to (with everything under them); empty for super-admins. */
  @ApiProperty({ type: [String], format: 'uuid' })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organizationalUnitIds: string[];

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Last change of password, roles or units: access tokens issued before it are refused. Never selected. */
  @ApiHideProperty()
  @Column({ type: 'timestamptz', default: () => 'now()', select: false, insert: false, update: false })
  credentialsChangedAt?: Date;
}
