import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('image_repositories')
export class ImageRepositoryEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Must equal the repository's `OG_REPOSITORY_NAME`: its webhooks are matched by it. */
  @ApiProperty({ type: String })
  @Index('uq_image_repositories_name', { unique: true })
  @Column({ length: 100 })
  name: string;

  /** Host or IP the agents and og-core reach it at. */
  @ApiProperty({ type: String })
  @Column({ length: 255 })
  address: string;

  @ApiProperty({ type: Number })
  @Column({ type: 'int', default: 8006 })
  port: number;

  /** og-repository API token; write-only through the API. */
  @Column({ type: 'varchar', length: 255, select: false })
  apiToken: string;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  comments: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
