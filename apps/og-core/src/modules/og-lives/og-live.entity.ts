import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An ogLive (the live Linux clients boot into) installed on the boot server. Exactly one is the default. */
@Entity('og_lives')
@Index('uq_og_lives_default', ['isDefault'], { unique: true, where: '"isDefault"' })
export class OgLiveEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Directory name on the boot server, e.g. `ogLive-noble-6.8.0-31-generic-amd64-r20241128`. */
  @ApiProperty({ example: 'ogLive-noble-6.8.0-31-generic-amd64-r20241128' })
  @Index('uq_og_lives_directory', { unique: true })
  @Column({ length: 200 })
  directory: string;

  @ApiProperty({ example: 'noble' })
  @Column({ length: 50 })
  distribution: string;

  @ApiProperty({ example: '6.8.0-31-generic' })
  @Column({ length: 100 })
  kernel: string;

  @ApiProperty({ example: 'amd64' })
  @Column({ length: 20 })
  architecture: string;

  @ApiProperty({ example: 'r20241128' })
  @Column({ length: 50 })
  revision: string;

  @ApiProperty()
  @Column({ default: false })
  isDefault: boolean;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
