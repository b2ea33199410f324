import { Readable } from 'node:stream';
import type { ImageCompressor, ImageInfo, ImageTool } from '@og/contracts';
import { decompressCommand, detectCompressor, readPlainPrefix } from './compressor';
import { parsePartcloneHeader, PartcloneHeader } from './partclone-header';
import { isPartimageHead, parsePartimageHeader, PartimageHeader } from './partimage-header';

/** Decompressed bytes looked at (partclone, ntfsclone and partimage headers, filesystem superblocks, an MBR). */
export const RECOGNITION_BYTES = 64 * 1024;

/** What the head of an image file says about it, recognised by content (never by name). */
export interface RecognisedImage {
  /** `TOOL:COMPRESSOR:FS:KB` as OpenGnsys' `ogGetImageInfo` prints it. */
  info: ImageInfo;
  /** Bytes a restore writes (partclone/partimage/ntfsclone used data; the device size for raw images). */
  usedBytes: number;
  /** Size of the source filesystem or device, bytes; 0 when the header does not say. */
  deviceSizeBytes: number;
  /** Block (or cluster) size in bytes; 0 when unknown. */
  blockSize: number;
  /** Version of the tool or its image format, '' when unknown. */
  toolVersion: string;
  /** The partclone header, for partclone images (v1 or v2); null for other tools. */
  partclone: PartcloneHeader | null;
  /** The partimage headers, for partimage images; null for other tools. */
  partimage: PartimageHeader | null;
}

/** Nothing in the head is a known image: the reason says what was looked for. */
export class UnrecognisedImageError extends Error {}

/**
 * Recognises an image from the first bytes of its file (64 KiB–1 MiB, compressed or not), as OpenGnsys'
 * `ogGetImageInfo` does: compressor by magic bytes (zstd, lzop, gzip, bzip2, xz, none), decompressing just the head
 * with the real tool; then the tool by header — partclone (v2, and v1 of partclone 0.2), ntfsclone, partimage — else
 * a raw (`DD`) filesystem or disk (ext2/3/4, NTFS or FAT boot sector, or an MBR).
 * @throws UnrecognisedImageError with the reason when nothing is recognised (also a cut or unknown header).
 */
export async function recogniseImage(head: Buffer): Promise<RecognisedImage> {
  const compressor = detectCompressor(head);
  const argv = decompressCommand(compressor);
  const plain = await readPlainPrefix(Readable.from([head]), compressor, RECOGNITION_BYTES);
  return recognisePlainHead(plain, compressor, argv ? argv[0] : null);
}

/**
 * {@link recogniseImage} on bytes already decompressed.
 * @param compressor what the file was compressed with (goes into `info`).
 * @param decompressor name of the tool that produced `plain`, for the error message; null when not compressed.
 * @throws UnrecognisedImageError
 */
export function recognisePlainHead(
  plain: Buffer,
  compressor: ImageCompressor,
  decompressor: string | null = null,
): RecognisedImage {
  const image = (
    tool: ImageTool,
    filesystem: string,
    r: Omit<RecognisedImage, 'info' | 'partclone' | 'partimage'> &
      Partial<Pick<RecognisedImage, 'partclone' | 'partimage'>>,
  ): RecognisedImage => ({
    partclone: null,
    partimage: null,
    ...r,
    info: { tool, compressor, filesystem, dataSizeKb: Math.ceil(r.usedBytes / 1024) },
  });
  if (ascii(plain, 0, 15) === 'partclone-image') {
    let h: PartcloneHeader;
    try {
      h = parsePartcloneHeader(plain);
    } catch (err) {
      throw new UnrecognisedImageError(`bad partclone header: ${(err as Error).message}`);
    }
    return image('PARTCLONE', h.filesystem, {
      usedBytes: h.usedBytes,
      deviceSizeBytes: h.deviceSizeBytes,
      blockSize: h.blockSize,
      toolVersion: h.partcloneVersion,
      partclone: h,
    });
  }
  if (ascii(plain, 1, 15) === 'ntfsclone-image' && plain[0] === 0) {
    if (plain.length < 50) throw new UnrecognisedImageError('truncated ntfsclone header');
    const cluster = plain.readUInt32LE(18);
    return image('NTFSCLONE', 'NTFS', {
      usedBytes: Number(plain.readBigInt64LE(38)) * cluster,
      deviceSizeBytes: Number(plain.readBigInt64LE(22)),
      blockSize: cluster,
      toolVersion: `${plain[16]}.${plain[17]}`,
    });
  }
  if (isPartimageHead(plain)) {
    let h: PartimageHeader;
    try {
      h = parsePartimageHeader(plain);
    } catch (err) {
      throw new UnrecognisedImageError(`bad partimage header: ${(err as Error).message}`);
    }
    return image('PARTIMAGE', partimageFilesystem(h.filesystem), {
      usedBytes: h.usedBytes,
      deviceSizeBytes: h.partitionSizeBytes,
      blockSize: h.blockSize,
      toolVersion: h.formatVersion,
      partimage: h,
    });
  }
  const raw = rawFilesystem(plain);
  if (raw)
    return image('DD', raw.filesystem, {
      usedBytes: raw.sizeBytes,
      deviceSizeBytes: raw.sizeBytes,
      blockSize: 0,
      toolVersion: '',
    });
  throw new UnrecognisedImageError(
    `not a recognised image: no partclone, ntfsclone or partimage header, no filesystem or partition table (${plain.length} bytes looked at${decompressor ? ` after ${decompressor}` : ''})`,
  );
}

/** partimage's filesystem names (`ext3fs`, `fat32`…) as partclone names them in image info (`EXTFS`, `FAT32`…). */
export function partimageFilesystem(name: string): string {
  const upper = name.trim().toUpperCase();
  if (/^EXT[234]FS$/.test(upper)) return 'EXTFS';
  if (upper.startsWith('REISERFS')) return 'REISERFS';
  if (upper === 'HFS') return 'HFSPLUS';
  return upper || 'UNKNOWN';
}

/** A filesystem superblock or an MBR at the start of a raw image, with the size it spans. */
export function rawFilesystem(b: Buffer): { filesystem: string; sizeBytes: number } | null {
  if (b.length >= 2048 && b.readUInt16LE(1024 + 56) === 0xef53) {
    const blockSize = 1024 << b.readUInt32LE(1024 + 24);
    return { filesystem: 'EXTFS', sizeBytes: b.readUInt32LE(1024 + 4) * blockSize };
  }
  if (b.length < 512) return null;
  const sector = b.readUInt16LE(11);
  if (ascii(b, 3, 8) === 'NTFS    ') return { filesystem: 'NTFS', sizeBytes: Number(b.readBigUInt64LE(40)) * sector };
  if (ascii(b, 82, 5) === 'FAT32') return { filesystem: 'FAT32', sizeBytes: b.readUInt32LE(32) * sector };
  if (/^FAT1[26]/.test(ascii(b, 54, 5)))
    return { filesystem: ascii(b, 54, 5), sizeBytes: (b.readUInt16LE(19) || b.readUInt32LE(32)) * sector };
  if (b.readUInt16LE(510) === 0xaa55) {
    let end = 0;
    for (let i = 0; i < 4; i++) {
      const e = 446 + 16 * i;
      end = Math.max(end, (b.readUInt32LE(e + 8) + b.readUInt32LE(e + 12)) * 512);
    }
    if (end > 0) return { filesystem: '', sizeBytes: end };
  }
  return null;
}

/** True when an uncompressed file starts with a partclone header (then `partclone.chkimg` can test it). */
export function isPartcloneHead(head: Buffer): boolean {
  return ascii(head, 0, 15) === 'partclone-image';
}

function ascii(b: Buffer, at: number, len: number): string {
  return b.length >= at + len ? b.toString('latin1', at, at + len) : '';
}
