import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_users_username', { unique: true })
  @Column({ length: 64 })
  username: string;

  /** `scrypt$N$r$p$salt$hash` (base64 parts). */
  @Column({ length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'text', array: true, default: () => "'{super-admin}'" })
  roles: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
