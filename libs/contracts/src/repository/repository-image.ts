/** State of an image file in og-repository. */
export type RepositoryImageStatus = 'processing' | 'ready' | 'invalid';

/**
 * One image as og-repository reports it: `GET /ogrepository/v1/images[/{name}]` and webhook payloads.
 * Sizes in bytes; checksums lower-case hex MD5 as OpenGnsys computes them.
 */
export interface RepositoryImage {
  /** Canonical name; the file is `<name>.img`. */
  name: string;
  status: RepositoryImageStatus;
  /** Why the image is invalid, when it is. */
  invalidReason: string | null;
  /** Size of `<name>.img` in bytes (also in `<name>.img.size`). */
  sizeBytes: number;
  /** Image info `TOOL:COMPRESSOR:FS:KB` read from the image's own header (`<name>.img.info`), null until known. */
  info: string | null;
  /** Used data in bytes from the partclone header, null until known. */
  dataSizeBytes: number | null;
  /** Size of the filesystem the image was taken from (partclone header device size), bytes; null until known. */
  filesystemSizeBytes: number | null;
  /** MD5 of the last MiB: `tail -c1M f | md5sum` (`<name>.img.sum`). */
  sum: string | null;
  /** MD5 of the whole file (`<name>.img.full.sum`). */
  fullSum: string | null;
  /** True when `<name>.img.torrent` exists. */
  torrent: boolean;
  /** ISO-8601 modification time of the image file. */
  modifiedAt: string;
  /** True while `<name>.img.lock` exists (an upload or import of this name is running). Absent from older repositories. */
  locked?: boolean;
  /** The previous version kept as OpenGnsys' `<name>.img.ant` backup, null when there is none. Absent from older repositories. */
  backup?: RepositoryImageBackup | null;
}

/** The `.ant` backup of an image (the version an upload or import replaced). */
export interface RepositoryImageBackup {
  /** Size of `<name>.img.ant` in bytes. */
  sizeBytes: number;
  /** ISO-8601 modification time of `<name>.img.ant`. */
  modifiedAt: string;
  /** Its `.full.sum.ant`, null when the old version never got one. */
  fullSum: string | null;
}

/** An image in the trash directory (`GET /ogrepository/v1/trash/images`). */
export interface TrashedRepositoryImage extends RepositoryImage {
  /** ISO-8601 time it was moved to the trash. */
  deletedAt: string;
}

/** `GET /ogrepository/v1/trash/images` answer. */
export interface RepositoryTrashList {
  images: TrashedRepositoryImage[];
}

/** `GET /ogrepository/v1/images/{name}/check`: checksums recomputed from the file vs the stored ones. */
export interface RepositoryImageCheck {
  name: string;
  /** True when both stored checksums exist and equal the recomputed ones. */
  ok: boolean;
  /** `.sum` / `.full.sum` as stored (null when missing). */
  expected: { sum: string | null; fullSum: string | null };
  /** Recomputed now, in one read of the file. */
  actual: { sum: string; fullSum: string };
}

/** `PUT /ogrepository/v1/images` (rescan) answer. */
export interface RepositoryRescan {
  /** Images whose auxiliary files were queued (new or changed files). */
  queued: string[];
  /** Images whose `<name>.img` disappeared (reported as `image.vanished`; their leftover files were removed). */
  vanished: string[];
  /** The catalog after the scan. */
  images: RepositoryImage[];
}

/** One transfer in progress on og-repository. */
export interface RepositoryTransfer {
  /** `upload` (PUT file), `download` (GET file) or `import` (pull from another repository). */
  kind: 'upload' | 'download' | 'import';
  image: string;
  /** Bytes moved so far. */
  bytesDone: number;
  /** Bytes expected, null when unknown (chunked upload). */
  totalBytes: number | null;
  /** Average rate since the start, bytes per second. */
  bytesPerSecond: number;
  /** ISO-8601 start time. */
  startedAt: string;
  /** Peer address (download/upload client, or the source URL of an import). */
  peer: string | null;
}

/** `GET /ogrepository/v1/status` answer. */
export interface RepositoryStatus {
  disk: { totalBytes: number; freeBytes: number };
  /** Number of `<name>.img` files. */
  imageCount: number;
  /** Number of images in the trash. */
  trashCount: number;
  transfers: RepositoryTransfer[];
}

/** `POST /ogrepository/v1/images/{name}/import` body: the og-repository to pull `<name>.img` from. */
export interface RepositoryImportRequest {
  /** Base URL of the source og-repository, e.g. `http://127.0.68.56:8006`. */
  url: string;
  /** Its API token. */
  token: string;
}

/** `GET /ogrepository/v1/images` answer. */
export interface RepositoryImageList {
  images: RepositoryImage[];
  disk: { totalBytes: number; freeBytes: number };
}
