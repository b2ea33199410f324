import { spawn } from 'node:child_process';
import type { ImageCompressor, ImageInfo } from '@og/contracts';
import { decompressCommand, parsePartcloneHeader } from '@og/imaging';

/** What the head of an image says: its info and the figures kept in `meta.json`. */
export interface RecognisedImage {
  info: ImageInfo;
  /** Bytes a restore writes (partclone/ntfsclone used data; the device size for raw images). */
  usedBytes: number;
  /** Size of the source filesystem or device, bytes; 0 when the header does not say. */
  deviceSizeBytes: number;
  blockSize: number;
  /** Version of the tool, '' when unknown. */
  toolVersion: string;
}

/** Decompressed bytes looked at (partclone, ntfsclone and partimage headers, filesystem superblocks). */
export const RECOGNITION_BYTES = 64 * 1024;

/**
 * Recognises an image by content (never by name), as OpenGnsys' `ogGetImageInfo`: partclone (v2, and v1 of
 * partclone 0.2 used by OpenGnsys 1.x and old Clonezilla), ntfsclone, partimage, else a raw (`DD`) filesystem or
 * disk (ext2/3/4, NTFS, FAT superblock, or an MBR). `head` is the first bytes of the file, compressed or not.
 * @throws Error with the reason when nothing is recognised.
 */
export async function recogniseImage(head: Buffer, compressor: ImageCompressor): Promise<RecognisedImage> {
  const argv = decompressCommand(compressor);
  const plain = argv ? await decompressHead(argv, head, RECOGNITION_BYTES) : head.subarray(0, RECOGNITION_BYTES);
  const image = (tool: ImageInfo['tool'], filesystem: string, r: Omit<RecognisedImage, 'info'>): RecognisedImage => ({
    ...r,
    info: { tool, compressor, filesystem, dataSizeKb: Math.ceil(r.usedBytes / 1024) },
  });
  if (ascii(plain, 0, 15) === 'partclone-image') {
    if (ascii(plain, 30, 4) === '0001')
      return image('PARTCLONE', cString(plain, 15, 15).toUpperCase(), partcloneV1(plain));
    const h = parsePartcloneHeader(plain);
    return image('PARTCLONE', h.filesystem, {
      usedBytes: h.usedBytes,
      deviceSizeBytes: h.deviceSizeBytes,
      blockSize: h.blockSize,
      toolVersion: h.partcloneVersion,
    });
  }
  if (plain.length >= 50 && plain[0] === 0 && ascii(plain, 1, 15) === 'ntfsclone-image') {
    const cluster = plain.readUInt32LE(18);
    return image('NTFSCLONE', 'NTFS', {
      usedBytes: Number(plain.readBigInt64LE(38)) * cluster,
      deviceSizeBytes: Number(plain.readBigInt64LE(22)),
      blockSize: cluster,
      toolVersion: `${plain[16]}.${plain[17]}`,
    });
  }
  if (ascii(plain, 0, 16) === 'PaRtImAgE-VoLuMe')
    return image('PARTIMAGE', 'UNKNOWN', {
      usedBytes: 0,
      deviceSizeBytes: 0,
      blockSize: 0,
      toolVersion: cString(plain, 32, 64),
    });
  const raw = rawFilesystem(plain);
  if (raw)
    return image('DD', raw.filesystem, {
      usedBytes: raw.sizeBytes,
      deviceSizeBytes: raw.sizeBytes,
      blockSize: 0,
      toolVersion: '',
    });
  throw new Error(
    `not a recognised image: no partclone, ntfsclone or partimage header, no filesystem or partition table (${plain.length} bytes looked at${argv ? ` after ${argv[0]}` : ''})`,
  );
}

/** partclone 0.2's v1 head: magic[15] fs[15] version[4] pad[2] block_size i32 @36, device_size @40, total @48, used @56. */
function partcloneV1(plain: Buffer): Omit<RecognisedImage, 'info'> {
  if (plain.length < 64) throw new Error('truncated partclone v1 header');
  const blockSize = plain.readInt32LE(36);
  return {
    usedBytes: Number(plain.readBigUInt64LE(56)) * blockSize,
    deviceSizeBytes: Number(plain.readBigUInt64LE(40)),
    blockSize,
    toolVersion: '0.2',
  };
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

function cString(b: Buffer, at: number, len: number): string {
  const raw = b.subarray(at, at + len);
  const end = raw.indexOf(0);
  return raw
    .subarray(0, end === -1 ? raw.length : end)
    .toString('latin1')
    .trim();
}

/** Runs the decompressor on `input` and keeps up to `wanted` bytes (a cut stream is fine: only the head matters). */
function decompressHead(argv: string[], input: Buffer, wanted: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let got = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      resolve(Buffer.concat(chunks).subarray(0, wanted));
    };
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= wanted) finish();
    });
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
    child.on('close', finish);
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
