/** Magic at offset 0 of every partclone image. */
const PARTCLONE_MAGIC = 'partclone-image';
/** Size of the v2 image head plus file-system info (bytes before the header CRC). */
export const PARTCLONE_V2_HEADER_BYTES = 0x6e;

/**
 * What partclone records about the source filesystem in an image's header (format v2, partclone ≥ 0.3).
 * Layout: magic[16] · partclone version[14] · image version[4] ("0002") · endianness u16 (0xC0DE) ·
 * fs[16] · device_size u64 · totalblock u64 · usedblocks u64 · used_bitmap u64 · block_size u32 · …
 */
export interface PartcloneHeader {
  /** partclone version that wrote the image, e.g. `0.3.23`. */
  partcloneVersion: string;
  /** Image format version, e.g. `0002`. */
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
}

/** The bytes are not a partclone v2 image head. */
export class NotPartcloneImageError extends Error {}

function cString(buf: Buffer, start: number, length: number): string {
  const raw = buf.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
}

/**
 * Parses the first {@link PARTCLONE_V2_HEADER_BYTES} bytes of an uncompressed partclone image.
 * @throws NotPartcloneImageError when the magic, version or endianness is wrong, or the buffer is too short.
 */
export function parsePartcloneHeader(head: Buffer): PartcloneHeader {
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
  };
}
