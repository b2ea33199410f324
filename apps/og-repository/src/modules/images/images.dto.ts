import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUrl, MaxLength } from 'class-validator';
import type {
  RepositoryImage,
  RepositoryImageBackup,
  RepositoryImageCheck,
  RepositoryImageList,
  RepositoryImageStatus,
  RepositoryImportRequest,
  RepositoryRescan,
  RepositoryStatus,
  RepositoryTransfer,
  RepositoryTrashList,
  TrashedRepositoryImage,
} from '@og/contracts';

/** The previous version kept as `<name>.img.ant`. */
export class RepositoryImageBackupDto implements RepositoryImageBackup {
  /** Size of `<name>.img.ant` in bytes. */
  @ApiProperty({ description: 'bytes' })
  sizeBytes: number;

  /** ISO-8601 modification time of `<name>.img.ant`. */
  @ApiProperty({ format: 'date-time' })
  modifiedAt: string;

  /** Its `.full.sum.ant`, null when it had none. */
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{32}$' })
  fullSum: string | null;
}

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

  /** True while `<name>.img.lock` exists (upload or import running). */
  @ApiProperty({ required: false })
  locked?: boolean;

  /** The `.ant` backup of the previous version, null when none. */
  @ApiProperty({ type: RepositoryImageBackupDto, nullable: true, required: false })
  backup?: RepositoryImageBackupDto | null;
}

/** An image in the trash. */
export class TrashedRepositoryImageDto extends RepositoryImageDto implements TrashedRepositoryImage {
  /** ISO-8601 time it was moved to the trash. */
  @ApiProperty({ format: 'date-time' })
  deletedAt: string;
}

/** `GET /ogrepository/v1/trash/images`. */
export class RepositoryTrashListDto implements RepositoryTrashList {
  @ApiProperty({ type: [TrashedRepositoryImageDto] })
  images: TrashedRepositoryImageDto[];
}

/** A pair of checksums. */
export class ChecksumsDto {
  /** MD5 of the last MiB (`.sum`). */
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{32}$' })
  sum: string | null;

  /** MD5 of the whole file (`.full.sum`). */
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{32}$' })
  fullSum: string | null;
}

/** `GET /ogrepository/v1/images/{name}/check`. */
export class RepositoryImageCheckDto implements RepositoryImageCheck {
  @ApiProperty()
  name: string;

  /** True when both stored checksums exist and equal the recomputed ones. */
  @ApiProperty()
  ok: boolean;

  /** As stored in `.sum` / `.full.sum` (null when missing). */
  @ApiProperty({ type: ChecksumsDto })
  expected: ChecksumsDto;

  /** Recomputed from the file now. */
  @ApiProperty({ type: ChecksumsDto })
  actual: { sum: string; fullSum: string };
}

/** `PUT /ogrepository/v1/images` (rescan). */
export class RepositoryRescanDto implements RepositoryRescan {
  /** Images whose auxiliary files were queued. */
  @ApiProperty({ type: [String] })
  queued: string[];

  /** Images whose `<name>.img` disappeared (reported as `image.vanished`). */
  @ApiProperty({ type: [String] })
  vanished: string[];

  /** The catalog after the scan. */
  @ApiProperty({ type: [RepositoryImageDto] })
  images: RepositoryImageDto[];
}

/** `POST /ogrepository/v1/images/{name}/import` body. */
export class RepositoryImportRequestDto implements RepositoryImportRequest {
  /** Base URL of the source og-repository. */
  @ApiProperty({ example: 'http://127.0.68.56:8006' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url: string;

  /** API token of the source og-repository. */
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  token: string;
}

/** One transfer in progress. */
export class RepositoryTransferDto implements RepositoryTransfer {
  @ApiProperty({ enum: ['upload', 'download', 'import'] })
  kind: RepositoryTransfer['kind'];

  @ApiProperty()
  image: string;

  /** Bytes moved so far. */
  @ApiProperty({ description: 'bytes' })
  bytesDone: number;

  /** Bytes expected, null when unknown. */
  @ApiProperty({ type: Number, nullable: true, description: 'bytes' })
  totalBytes: number | null;

  /** Average rate since the start. */
  @ApiProperty({ description: 'bytes per second' })
  bytesPerSecond: number;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  /** Client address, or the source URL of an import. */
  @ApiProperty({ type: String, nullable: true })
  peer: string | null;
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

/** `GET /ogrepository/v1/status`. */
export class RepositoryStatusDto implements RepositoryStatus {
  @ApiProperty({ type: DiskUsageDto })
  disk: DiskUsageDto;

  /** Number of `<name>.img` files. */
  @ApiProperty()
  imageCount: number;

  /** Number of images in the trash. */
  @ApiProperty()
  trashCount: number;

  @ApiProperty({ type: [RepositoryTransferDto] })
  transfers: RepositoryTransferDto[];
}
