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
}

/** `GET /ogrepository/v1/images` answer. */
export interface RepositoryImageList {
  images: RepositoryImage[];
  disk: { totalBytes: number; freeBytes: number };
}
