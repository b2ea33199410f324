/** Magic at offset 0 of every partimage volume (`CVolumeHeader.szMagicString`). */
export const PARTIMAGE_MAGIC = 'PaRtImAgE-VoLuMe';
/** Magic string partimage writes just before the filesystem's local header (no terminating NUL). */
const LOCAL_HEADER_MAGIC = 'MAGIC-BEGIN-LOCALHEADER';
/** Offsets in an uncompressed partimage 0.6 image (volume header 512 B, then the main header). */
const VOLUME_VERSION_AT = 32;
const VOLUME_NUMBER_AT = 96;
const MAIN_FILESYSTEM_AT = 512;
const MAIN_COMPRESSION_AT = 10052;
const MAIN_PART_SIZE_AT = 10104;

/** Magic partimage writes before the tail of a complete image (its last {@link PARTIMAGE_TAIL_BYTES} bytes). */
const TAIL_MAGIC = 'MAGIC-BEGIN-TAIL';
/** The magic and the main tail (`CMainTail`, 16 384 bytes) end every complete partimage 0.6 image (or last volume). */
export const PARTIMAGE_TAIL_BYTES = 16 + 16384;

/**
 * True when `fileEnd` (the last bytes of an uncompressed partimage image, at least {@link PARTIMAGE_TAIL_BYTES}) ends
 * with partimage's tail: a cut image does not.
 */
export function hasPartimageTail(fileEnd: Buffer): boolean {
  const at = fileEnd.length - PARTIMAGE_TAIL_BYTES;
  return at >= 0 && fileEnd.toString('latin1', at, at + TAIL_MAGIC.length) === TAIL_MAGIC;
}

/** Compression partimage applied to its own volumes (`dwCompression`). */
const PARTIMAGE_COMPRESSION = ['NONE', 'GZIP', 'BZIP2', 'LZO'] as const;

/**
 * What a partimage (0.6) image records. Layout read from real images of partimage 0.6.9 (`partimage save`): volume
 * header — magic[32] · version[64] · volume number u32 @96 · identifier u64 @100 —; main header from 512 —
 * filesystem[512] @512 ("ext3fs", "ntfs", "fat32"…) · … · compression u32 @10052 · partition size u64 @10104 —; then
 * `MAGIC-BEGIN-LOCALHEADER` followed by block size u64 · used blocks u64 · block count u64.
 */
export interface PartimageHeader {
  /** Image format version, e.g. `0.6.1`. */
  formatVersion: string;
  /** Number of this volume in a split image (`.000` is 0). */
  volumeNumber: number;
  /** Filesystem as partimage names it, e.g. `ext3fs`, `ntfs`, `fat32`, `reiserfs`. */
  filesystem: string;
  /** Compression partimage applied inside the image (`-z`): `NONE`, `GZIP`, `BZIP2` or `LZO`. */
  compression: (typeof PARTIMAGE_COMPRESSION)[number] | 'UNKNOWN';
  /** Size of the saved partition in bytes. */
  partitionSizeBytes: number;
  /** Block size in bytes; 0 when the local header was not within the bytes given. */
  blockSize: number;
  /** Used blocks; 0 when the local header was not within the bytes given. */
  usedBlocks: number;
  /** usedBlocks × blockSize: bytes of data in the image (0 when unknown). */
  usedBytes: number;
}

/** The bytes are not (the start of) an uncompressed partimage volume. */
export class NotPartimageImageError extends Error {}

/** True when `head` starts with partimage's volume magic. */
export function isPartimageHead(head: Buffer): boolean {
  return head.length >= 16 && head.toString('latin1', 0, 16) === PARTIMAGE_MAGIC;
}

/**
 * Parses the volume, main and local headers of an uncompressed partimage image from its first bytes (≥ 10 112 for the
 * main header; the local header, about 17 KiB in, gives the used size).
 * @throws NotPartimageImageError when the magic is missing, the main header is cut, or this is not volume 0.
 */
export function parsePartimageHeader(head: Buffer): PartimageHeader {
  if (!isPartimageHead(head)) throw new NotPartimageImageError('no PaRtImAgE-VoLuMe magic');
  if (head.length < MAIN_PART_SIZE_AT + 8)
    throw new NotPartimageImageError(`need ${MAIN_PART_SIZE_AT + 8} bytes for the main header, got ${head.length}`);
  const volumeNumber = head.readUInt32LE(VOLUME_NUMBER_AT);
  if (volumeNumber !== 0)
    throw new NotPartimageImageError(
      `volume ${volumeNumber} of a split partimage image: only volume 0 holds the main header`,
    );
  const compression = head.readUInt32LE(MAIN_COMPRESSION_AT);
  const local = head.indexOf(LOCAL_HEADER_MAGIC, MAIN_PART_SIZE_AT, 'latin1');
  const at = local + LOCAL_HEADER_MAGIC.length;
  const hasLocal = local !== -1 && head.length >= at + 16;
  const blockSize = hasLocal ? Number(head.readBigUInt64LE(at)) : 0;
  const usedBlocks = hasLocal ? Number(head.readBigUInt64LE(at + 8)) : 0;
  return {
    formatVersion: cString(head, VOLUME_VERSION_AT, 64),
    volumeNumber,
    filesystem: cString(head, MAIN_FILESYSTEM_AT, 512),
    compression: PARTIMAGE_COMPRESSION[compression] ?? 'UNKNOWN',
    partitionSizeBytes: Number(head.readBigUInt64LE(MAIN_PART_SIZE_AT)),
    blockSize,
    usedBlocks,
    usedBytes: blockSize * usedBlocks,
  };
}

function cString(b: Buffer, at: number, len: number): string {
  const raw = b.subarray(at, at + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
}
