import type { Readable } from 'node:stream';
import { readPlainPrefix } from './compressor';
import type { ImageHead } from './image-header';
import { PARTCLONE_V1_HEADER_BYTES, PARTCLONE_V2_HEADER_BYTES, PartcloneHeader } from './partclone-header';

/** v1 head (partclone 0.2): 64 bytes of fields and a 4096-byte unused buffer. */
const V1_HEAD_BYTES = PARTCLONE_V1_HEADER_BYTES + 4096;
/** v1 bitmap trailer (one byte per block before it). */
const V1_BITMAP_MAGIC = 'BiTmAgIc';
/** v2 `bitmap_mode` byte: 1 = one bit per block (the only mode partclone writes). */
const V2_BITMAP_MODE_OFFSET = 105;
const V2_BITMAP_MODE_BIT = 1;

/**
 * Where block 0 of the filesystem lies in a decompressed partclone image, as byte offsets from its start.
 * v2 (partclone ≥ 0.3): head (110 bytes with its CRC) · bitmap, 1 bit per block, ⌈totalBlocks / 8⌉ bytes · bitmap
 * CRC32 (4) · blocks (a checksum follows every `blocks_per_checksum` blocks, so none precedes block 0).
 * v1 (partclone 0.2): head (4160 bytes) · bitmap, 1 byte per block · `BiTmAgIc` · blocks, each followed by a CRC32.
 */
export interface PartcloneBlockZeroRange {
  /** Offset of the bitmap's first byte (bit/byte 0 says whether block 0 is stored). */
  bitmapOffset: number;
  /** Offset of block 0's first data byte, when stored. */
  start: number;
  /** Offset just past block 0 (start + block size): the decompressed bytes needed. */
  end: number;
}

/** Block 0 of a partclone image could not be read: the stream ended early, or the layout is not the expected one. */
export class PartcloneBlockZeroError extends Error {}

/** The layout of {@link PartcloneBlockZeroRange} for an image with header `h`. */
export function partcloneBlockZeroRange(h: PartcloneHeader): PartcloneBlockZeroRange {
  const [bitmapOffset, start] =
    h.imageVersion === '0001'
      ? [V1_HEAD_BYTES, V1_HEAD_BYTES + h.totalBlocks + V1_BITMAP_MAGIC.length]
      : [PARTCLONE_V2_HEADER_BYTES, PARTCLONE_V2_HEADER_BYTES + Math.ceil(h.totalBlocks / 8) + 4];
  return { bitmapOffset, start, end: start + h.blockSize };
}

/**
 * Block 0 of the filesystem from the start of a decompressed partclone image (v1 or v2).
 * @param plain at least {@link PartcloneBlockZeroRange.end} decompressed bytes from the image's first byte.
 * @returns the block's `h.blockSize` bytes, or null when the bitmap says block 0 is not in the image.
 * @throws PartcloneBlockZeroError when `plain` is too short, or the bitmap mode/trailer is not the expected one.
 */
export function partcloneBlockZero(plain: Buffer, h: PartcloneHeader): Buffer | null {
  const range = partcloneBlockZeroRange(h);
  if (h.imageVersion === '0001') {
    const magicAt = range.start - V1_BITMAP_MAGIC.length;
    if (plain.length >= range.start && plain.toString('latin1', magicAt, range.start) !== V1_BITMAP_MAGIC)
      throw new PartcloneBlockZeroError(`no ${V1_BITMAP_MAGIC} after the v1 bitmap at byte ${magicAt}`);
  } else if (plain.length > V2_BITMAP_MODE_OFFSET && plain[V2_BITMAP_MODE_OFFSET] !== V2_BITMAP_MODE_BIT) {
    throw new PartcloneBlockZeroError(`unsupported partclone bitmap mode ${plain[V2_BITMAP_MODE_OFFSET]}`);
  }
  if (plain.length > range.bitmapOffset) {
    const stored = h.imageVersion === '0001' ? plain[range.bitmapOffset] !== 0 : (plain[range.bitmapOffset] & 1) === 1;
    if (!stored) return null;
  }
  if (plain.length < range.end)
    throw new PartcloneBlockZeroError(
      `block 0 ends at decompressed byte ${range.end}, the stream gave ${plain.length}`,
    );
  return plain.subarray(range.start, range.end);
}

/**
 * Reads block 0 of the filesystem in a partclone image: decompresses `input` (the image file from its first byte,
 * compressed as `image.compressor`) only up to the end of block 0, then stops the decompressor and destroys `input`.
 * @returns the block (`image.partclone.blockSize` bytes), or null when the image does not store block 0.
 * @throws PartcloneBlockZeroError when the stream ends before block 0 (e.g. `input` is only the file's head);
 *   Error when `input` fails or the decompressor cannot be started.
 */
export async function readPartcloneBlockZero(input: Readable, image: ImageHead): Promise<Buffer | null> {
  const plain = await readPlainPrefix(input, image.compressor, partcloneBlockZeroRange(image.partclone).end);
  return partcloneBlockZero(plain, image.partclone);
}
