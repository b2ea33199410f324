import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '@core/database/bigint.transformer';
import { ImageRepositoryEntity } from '@core/modules/image-repositories/image-repository.entity';
import { SoftwareProfileEntity } from '@core/modules/profiles/software-profile.entity';

export const IMAGE_STATUSES = ['pending', 'in-progress', 'success', 'failed', 'trash'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

/** A partition image. File facts (info, sizes, checksums) come from the repository, never from the uploader. */
@Entity('images')
export class ImageEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Canonical name; the repository file is `<name>.img`. */
  @ApiProperty({ type: String })
  @Index('uq_images_name', { unique: true })
  @Column({ length: 100 })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** OS family, e.g. `Linux`, `Windows`. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  type: string | null;

  /** OS version, e.g. `Ubuntu 24.04`. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  version: string | null;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column({ type: 'uuid' })
  repositoryId: string;

  @ManyToOne(() => ImageRepositoryEntity, { onDelete: 'RESTRICT' })
  repository?: ImageRepositoryEntity;

  @ApiProperty({ type: String, enum: IMAGE_STATUSES })
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: ImageStatus;

  /** Why the image failed, when it did. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  statusMessage: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  sourceClientId: string | null;

  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'int', nullable: true })
  sourceDisk: number | null;

  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'int', nullable: true })
  sourcePartition: number | null;

  /** Partition type code of the source (hex, `83`). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 16, nullable: true })
  sourceCode: string | null;

  /** Software inventory of the captured partition, when taken. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  softwareProfileId: string | null;

  @ManyToOne(() => SoftwareProfileEntity, { onDelete: 'SET NULL', nullable: true })
  softwareProfile?: SoftwareProfileEntity | null;

  /** `TOOL:COMPRESSOR:FS:KB` as the repository read it from the image header. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  info: string | null;

  /** Bytes of used data in the image. */
  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  dataSizeBytes: number | null;

  /** Size of the source filesystem (partclone header), bytes: the smallest partition it restores into. */
  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  filesystemSizeBytes: number | null;

  /** Size of the image file, bytes. */
  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  sizeBytes: number | null;

  /** MD5 of the last MiB (`.sum`). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  sum: string | null;

  /** MD5 of the whole file (`.full.sum`). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  fullSum: string | null;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  /** `occurredAt` of the last repository event applied: older events (re-delivered late) are ignored. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  repositoryReportedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastDeployedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
