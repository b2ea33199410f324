/** Magic at offset 0 of every partclone image. */
const PARTCLONE_MAGIC = 'partclone-image';
/** Size of the v2 image header: head, file-system info and options, then its CRC32 (the bitmap follows). */
export const PARTCLONE_V2_HEADER_BYTES = 0x6e;

/**
 * What partclone records about the source filesystem in an image's header (format v2 of partclone ≥ 0.3, or v1 of
 * partclone 0.2). v2 layout: magic[16] · partclone version[14] · image version[4] ("0002") · endianness u16 (0xC0DE) ·
 * fs[16] · device_size u64 · totalblock u64 · usedblocks u64 · used_bitmap u64 · block_size u32 · feature_size u32 ·
 * image_version u16 · cpu_bits u16 · checksum_mode u16 · checksum_size u16 @0x62 · blocks_per_checksum u32 · …
 */
export interface PartcloneHeader {
  /** partclone version that wrote the image, e.g. `0.3.23`. */
  partcloneVersion: string;
  /** Image format version: `0002`, or `0001` (partclone 0.2). */
  imageVersion: string;
  /** Filesystem as partclone names it: `EXTFS`, `NTFS`, `FAT32`, `BTRFS`, `XFS`, `raw`… (upper-cased). */
  filesystem: string;
  /** Size of the source device/filesystem in bytes: what `partclone.restore` demands of the target. */
  deviceSizeBytes: number;
  /** Block size in bytes. */
  blockSize: number;
  totalBlocks: number;
  usedBlocks: number;
  /** usedBlocks × blockSize: bytes of data in the image. */
  usedBytes: number;
  /**
   * Bytes of checksum partclone wrote after every group of blocks: 4 (CRC32, partclone's default, and always in v1),
   * or 0 for an image made with `-a0`, whose integrity rests on its compressor's checksum (zstd `--check`).
   */
  blockChecksumBytes: number;
}

/** The bytes are not a partclone v2 image head. */
export class NotPartcloneImageError extends Error {}

function cString(buf: Buffer, start: number, length: number): string {
  const raw = buf.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
}

/** Size of partclone 0.2's v1 head up to and including `usedblocks` (bytes). */
export const PARTCLONE_V1_HEADER_BYTES = 64;

/**
 * Parses the head of an uncompressed partclone image: format v2 (partclone ≥ 0.3, the first
 * {@link PARTCLONE_V2_HEADER_BYTES} bytes) or v1 (partclone 0.2, as OpenGnsys 1.x and old Clonezilla wrote it:
 * magic[15] · fs[15] · version[4] "0001" · pad[2] · block_size i32 @36 · device_size u64 @40 · totalblock u64 @48 ·
 * usedblocks u64 @56). For v1 `partcloneVersion` is `0.2` (the head does not record it).
 * @throws NotPartcloneImageError when the magic, version or endianness is wrong, or the buffer is too short.
 */
export function parsePartcloneHeader(head: Buffer): PartcloneHeader {
  if (head.length < 15 || head.toString('latin1', 0, 15) !== PARTCLONE_MAGIC)
    throw new NotPartcloneImageError('no partclone-image magic');
  if (head.length >= 34 && head.toString('latin1', 30, 34) === '0001') return parseV1(head);
  if (head.length < PARTCLONE_V2_HEADER_BYTES)
    throw new NotPartcloneImageError(`need ${PARTCLONE_V2_HEADER_BYTES} bytes, got ${head.length}`);
  if (cString(head, 0, 16) !== PARTCLONE_MAGIC) throw new NotPartcloneImageError('no partclone-image magic');
  const imageVersion = cString(head, 0x1e, 4);
  if (imageVersion !== '0002')
    throw new NotPartcloneImageError(`unsupported partclone image version "${imageVersion}"`);
  if (head.readUInt16LE(0x22) !== 0xc0de)
    throw new NotPartcloneImageError('big-endian partclone images are not supported');
  const blockSize = head.readUInt32LE(0x54);
  const usedBlocks = Number(head.readBigUInt64LE(0x44));
  return {
    partcloneVersion: cString(head, 0x10, 14),
    imageVersion,
    filesystem: cString(head, 0x24, 16).toUpperCase(),
    deviceSizeBytes: Number(head.readBigUInt64LE(0x34)),
    totalBlocks: Number(head.readBigUInt64LE(0x3c)),
    usedBlocks,
    blockSize,
    usedBytes: usedBlocks * blockSize,
    blockChecksumBytes: head.readUInt16LE(0x62),
  };
}

function parseV1(head: Buffer): PartcloneHeader {
  if (head.length < PARTCLONE_V1_HEADER_BYTES)
    throw new NotPartcloneImageError(`need ${PARTCLONE_V1_HEADER_BYTES} bytes of a v1 head, got ${head.length}`);
  const blockSize = head.readInt32LE(36);
  const usedBlocks = Number(head.readBigUInt64LE(56));
  if (blockSize <= 0) throw new NotPartcloneImageError(`partclone v1 head with block size ${blockSize}`);
  return {
    partcloneVersion: '0.2',
    imageVersion: '0001',
    filesystem: cString(head, 15, 15).trim().toUpperCase(),
    deviceSizeBytes: Number(head.readBigUInt64LE(40)),
    totalBlocks: Number(head.readBigUInt64LE(48)),
    usedBlocks,
    blockSize,
    usedBytes: usedBlocks * blockSize,
    blockChecksumBytes: 4,
  };
}
