import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '@core/database/bigint.transformer';
import { ImageRepositoryEntity } from '@core/modules/image-repositories/image-repository.entity';

export const IMAGE_STATUSES = ['pending', 'in-progress', 'success', 'failed', 'trash'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

/** A partition image. File facts (info, sizes, checksums) come from the repository, never from the uploader. */
@Entity('images')
export class ImageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Canonical name; the repository file is `<name>.img`. */
  @Index('uq_images_name', { unique: true })
  @Column({ length: 100 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** OS family, e.g. `Linux`, `Windows`. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  type: string | null;

  /** OS version, e.g. `Ubuntu 24.04`. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  version: string | null;

  @Column({ type: 'uuid' })
  repositoryId: string;

  @ManyToOne(() => ImageRepositoryEntity, { onDelete: 'RESTRICT' })
  repository?: ImageRepositoryEntity;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ImageStatus;

  /** Why the image failed, when it did. */
  @Column({ type: 'text', nullable: true })
  statusMessage: string | null;

  @Column({ type: 'uuid', nullable: true })
  sourceClientId: string | null;

  @Column({ type: 'int', nullable: true })
  sourceDisk: number | null;

  @Column({ type: 'int', nullable: true })
  sourcePartition: number | null;

  /** Partition type code of the source (hex, `83`). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  sourceCode: string | null;

  /** `TOOL:COMPRESSOR:FS:KB` as the repository read it from the image header. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  info: string | null;

  /** Bytes of used data in the image. */
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  dataSizeBytes: number | null;

  /** Size of the source filesystem (partclone header), bytes: the smallest partition it restores into. */
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  filesystemSizeBytes: number | null;

  /** Size of the image file, bytes. */
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  sizeBytes: number | null;

  /** MD5 of the last MiB (`.sum`). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  sum: string | null;

  /** MD5 of the whole file (`.full.sum`). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  fullSum: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  /** `occurredAt` of the last repository event applied: older events (re-delivered late) are ignored. */
  @Column({ type: 'timestamptz', nullable: true })
  repositoryReportedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastDeployedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
