import { createHash, Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { ImageCompressor } from '@og/contracts';
import { detectCompressor, isPartcloneHead } from '@og/imaging';
import {
  IntegrityResult,
  IntegrityTester,
  integrityTestCommand,
} from '@repository/modules/auxiliary-files/integrity-tester';

/** BitTorrent piece length of OpenGnsys' torrents (`ctorrent -l 4194304`, `mktorrent -l 22`): 4 MiB. */
export const TORRENT_PIECE_BYTES = 4 * 1024 * 1024;
/** `.sum` covers the last MiB (`tail -c1M f | md5sum`). */
export const TAIL_SUM_BYTES = 1024 * 1024;
/** Bytes of the file head kept for the partclone header. */
export const HEAD_BYTES = 1024 * 1024;
/** Read size of the single pass over the image. */
export const DIGEST_READ_BYTES = 4 * 1024 * 1024;

/** Bytes hashed between two turns of the event loop (which meanwhile feeds the integrity tester's pipe). */
export const HASH_SLICE_BYTES = 256 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Everything the auxiliary files need, from one sequential read of the image. */
export interface ImageDigest {
  sizeBytes: number;
  /** Hex MD5 of the whole file (`.full.sum`). */
  fullMd5: string;
  /** Hex MD5 of the last MiB, or of the whole file when it is smaller (`.sum`). */
  tailMd5: string;
  /** Concatenated 20-byte SHA-1 of each 4 MiB piece (torrent `pieces`). */
  pieces: Buffer;
  /** First {@link HEAD_BYTES} of the file (fewer if the file is smaller). */
  head: Buffer;
  compressor: ImageCompressor;
  /** Verdict of the compressor's test mode over the whole stream. */
  integrity: IntegrityResult;
}

/** Progress of the pass: bytes read so far, of `totalBytes`, at `bytesPerSecond`. */
export interface DigestProgress {
  bytesDone: number;
  totalBytes: number;
  bytesPerSecond: number;
}

/**
 * Reads `file` once from the start, in {@link DIGEST_READ_BYTES} chunks: full MD5, tail MD5, piece SHA-1s,
 * the head, and the bytes fed to the detected compressor's test tool.
 * @param sizeBytes the file's size at open time (fstat); reading stops there.
 */
export async function digestImageFile(
  file: FileHandle,
  sizeBytes: number,
  onProgress?: (p: DigestProgress) => void | Promise<void>,
): Promise<ImageDigest> {
  const full = createHash('md5');
  const tail = createHash('md5');
  const tailStart = Math.max(0, sizeBytes - TAIL_SUM_BYTES);
  const pieces = new PieceHasher(TORRENT_PIECE_BYTES);
  const headParts: Buffer[] = [];
  let headLength = 0;
  let tester: IntegrityTester | null = null;
  let compressor: ImageCompressor = 'NONE';
  let offset = 0;
  const started = Date.now();
  let lastReport = 0;
  try {
    while (offset < sizeBytes) {
      // a fresh buffer per read: the tester's stdin may still hold the previous one
      const buffer = Buffer.allocUnsafe(DIGEST_READ_BYTES);
      const { bytesRead } = await file.read(buffer, 0, Math.min(DIGEST_READ_BYTES, sizeBytes - offset), offset);
      if (bytesRead === 0) throw new Error(`file shrank while reading: ended at ${offset} of ${sizeBytes} bytes`);
      const chunk = buffer.subarray(0, bytesRead);
      if (headLength < HEAD_BYTES) {
        const part = Buffer.from(chunk.subarray(0, HEAD_BYTES - headLength));
        headParts.push(part);
        headLength += part.length;
      }
      if (!tester) {
        compressor = detectCompressor(chunk.subarray(0, 16));
        tester = new IntegrityTester(integrityTestCommand(compressor, isPartcloneHead(chunk)));
      }
      const feeding = tester.write(chunk);
      // hash in slices, yielding between them: the event loop keeps the tester's pipe full meanwhile, so the
      // tester (another process, another core) decompresses while we hash instead of after
      for (let at = 0; at < bytesRead; at += HASH_SLICE_BYTES) {
        const slice = chunk.subarray(at, Math.min(bytesRead, at + HASH_SLICE_BYTES));
        const sliceOffset = offset + at;
        full.update(slice);
        if (sliceOffset + slice.length > tailStart) tail.update(slice.subarray(Math.max(0, tailStart - sliceOffset)));
        pieces.update(slice);
        await yieldToEventLoop();
      }
      await feeding; // backpressure: never read ahead of the tester by more than one chunk
      offset += bytesRead;
      const now = Date.now();
      if (onProgress && (now - lastReport >= 1000 || offset === sizeBytes)) {
        lastReport = now;
        await onProgress({
          bytesDone: offset,
          totalBytes: sizeBytes,
          bytesPerSecond: Math.round(offset / Math.max(0.001, (now - started) / 1000)),
        });
      }
    }
  } catch (err) {
    tester?.abort();
    throw err;
  }
  const integrity: IntegrityResult = tester ? await tester.finish() : { ok: false, reason: 'empty file' };
  return {
    sizeBytes,
    fullMd5: full.digest('hex'),
    tailMd5: tail.digest('hex'),
    pieces: pieces.digest(),
    head: Buffer.concat(headParts),
    compressor,
    integrity,
  };
}

/** SHA-1 of consecutive fixed-size pieces of a stream fed in arbitrary chunks. */
export class PieceHasher {
  private readonly done: Buffer[] = [];
  private current: Hash = createHash('sha1');
  private filled = 0;

  constructor(private readonly pieceBytes: number) {}

  /** Adds bytes, closing a piece every `pieceBytes`. */
  update(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.pieceBytes - this.filled, chunk.length - at);
      this.current.update(chunk.subarray(at, at + take));
      this.filled += take;
      at += take;
      if (this.filled === this.pieceBytes) this.closePiece();
    }
  }

  /** The concatenated 20-byte hashes, the last (short) piece included. */
  digest(): Buffer {
    if (this.filled > 0) this.closePiece();
    return Buffer.concat(this.done);
  }

  private closePiece(): void {
    this.done.push(this.current.digest());
    this.current = createHash('sha1');
    this.filled = 0;
  }
}

/** `.sum` and `.full.sum` recomputed in one sequential read (`GET images/{name}/check`). */
export async function sumImageFile(file: FileHandle, sizeBytes: number): Promise<{ sum: string; fullSum: string }> {
  const full = createHash('md5');
  const tail = createHash('md5');
  const tailStart = Math.max(0, sizeBytes - TAIL_SUM_BYTES);
  const buffer = Buffer.allocUnsafe(DIGEST_READ_BYTES);
  let offset = 0;
  while (offset < sizeBytes) {
    const { bytesRead } = await file.read(buffer, 0, Math.min(DIGEST_READ_BYTES, sizeBytes - offset), offset);
    if (bytesRead === 0) throw new Error(`file shrank while reading: ended at ${offset} of ${sizeBytes} bytes`);
    const chunk = buffer.subarray(0, bytesRead);
    full.update(chunk);
    if (offset + bytesRead > tailStart) tail.update(chunk.subarray(Math.max(0, tailStart - offset)));
    offset += bytesRead;
  }
  return { sum: tail.digest('hex'), fullSum: full.digest('hex') };
}
