import { ApiProperty } from '@nestjs/swagger';
import type { RepositoryImage, RepositoryImageList, RepositoryImageStatus } from '@og/contracts';

/** One image (`RepositoryImage` of `@og/contracts`). */
export class RepositoryImageDto implements RepositoryImage {
  /** Canonical name; the file is `<name>.img`. */
  @ApiProperty({ example: 'ubuntu-24_04', pattern: '^[A-Za-z0-9_-]{1,100}$' })
  name: string;

  /** `processing` while auxiliary files are computed, `ready` when deployable, `invalid` when rejected. */
  @ApiProperty({ enum: ['processing', 'ready', 'invalid'] })
  status: RepositoryImageStatus;

  /** Why the image is invalid; null otherwise. */
  @ApiProperty({ type: String, nullable: true })
  invalidReason: string | null;

  /** Size of `<name>.img` in bytes. */
  @ApiProperty({ description: 'bytes' })
  sizeBytes: number;

  /** Image info `TOOL:COMPRESSOR:FS:KiB` (`.info`), null until computed. */
  @ApiProperty({ type: String, nullable: true, example: 'PARTCLONE:ZSTD:EXTFS:72100' })
  info: string | null;

  /** Used data in bytes (partclone header), null until computed. */
  @ApiProperty({ type: Number, nullable: true, description: 'bytes' })
  dataSizeBytes: number | null;

  /** Size of the source filesystem in bytes (partclone header), null until computed. */
  @ApiProperty({ type: Number, nullable: true, description: 'bytes' })
  filesystemSizeBytes: number | null;

  /** Hex MD5 of the last MiB (`.sum`), null until computed. */
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{32}$' })
  sum: string | null;

  /** Hex MD5 of the whole file (`.full.sum`), null until computed. */
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{32}$' })
  fullSum: string | null;

  /** True when `<name>.img.torrent` exists. */
  @ApiProperty()
  torrent: boolean;

  /** ISO-8601 modification time of `<name>.img`. */
  @ApiProperty({ format: 'date-time' })
  modifiedAt: string;
}

/** Total and free space of the repository filesystem. */
export class DiskUsageDto {
  /** Filesystem size in bytes. */
  @ApiProperty({ description: 'bytes' })
  totalBytes: number;

  /** Bytes available to og-repository. */
  @ApiProperty({ description: 'bytes' })
  freeBytes: number;
}

/** `GET /ogrepository/v1/images`. */
export class RepositoryImageListDto implements RepositoryImageList {
  /** Every `<name>.img`, sorted by name. */
  @ApiProperty({ type: [RepositoryImageDto] })
  images: RepositoryImageDto[];

  /** Repository filesystem usage. */
  @ApiProperty({ type: DiskUsageDto })
  disk: DiskUsageDto;
}
