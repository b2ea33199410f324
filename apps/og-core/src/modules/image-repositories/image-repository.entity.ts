import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('image_repositories')
export class ImageRepositoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Must equal the repository's `OG_REPOSITORY_NAME`: its webhooks are matched by it. */
  @Index('uq_image_repositories_name', { unique: true })
  @Column({ length: 100 })
  name: string;

  /** Host or IP the agents and og-core reach it at. */
  @Column({ length: 255 })
  address: string;

  @Column({ type: 'int', default: 8006 })
  port: number;

  /** og-repository API token; write-only through the API. */
  @Column({ type: 'varchar', length: 255, select: false })
  apiToken: string;

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
