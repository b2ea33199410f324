import { createHash, Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { ImageCompressor } from '@og/contracts';
import { detectCompressor, isPartcloneHead } from '@og/imaging';
import { HashWorkers } from '@repository/modules/auxiliary-files/hash-workers';
import {
  IntegrityResult,
  StreamCheck,
  StreamCheckMode,
  streamCheckFor,
} from '@repository/modules/auxiliary-files/integrity-tester';

/** BitTorrent piece length of OpenGnsys' torrents (`ctorrent -l 4194304`, `mktorrent -l 22`): 4 MiB. */
export const TORRENT_PIECE_BYTES = 4 * 1024 * 1024;
/** `.sum` covers the last MiB (`tail -c1M f | md5sum`). */
export const TAIL_SUM_BYTES = 1024 * 1024;
/** Bytes of the file head kept for the partclone header. */
export const HEAD_BYTES = 1024 * 1024;
/** Bytes of the file end kept (a partimage image ends with its 16 400-byte tail). */
export const END_BYTES = 64 * 1024;
/** Read size of the single pass over the image. */
export const DIGEST_READ_BYTES = 4 * 1024 * 1024;

/** Read-ahead of the pass: chunks in flight between the read, the two hash workers and the integrity tester. */
export const DIGEST_SLOTS = 4;

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
  /** Last {@link END_BYTES} of the file (fewer if the file is smaller). */
  end: Buffer;
  compressor: ImageCompressor;
  /** Verdict of the stream check (the compressor's test mode, or the zstd frame walk) over the whole stream. */
  integrity: IntegrityResult;
}

/** Progress of the pass: bytes read so far, of `totalBytes`, at `bytesPerSecond`. */
export interface DigestProgress {
  bytesDone: number;
  totalBytes: number;
  bytesPerSecond: number;
}

/**
 * Reads `file` once from the start, in {@link DIGEST_READ_BYTES} chunks, into a ring of {@link DIGEST_SLOTS} shared
 * buffers. Each chunk goes at the same time to two hash threads (full and tail MD5; piece SHA-1s) and to the zstd
 * frame walk, or the detected compressor's test tool reads the file itself beside this pass (same cached pages, no
 * pipe): on two cores they run side by side instead of one after another, and the event loop stays free for downloads.
 * @param sizeBytes the file's size at open time (fstat); reading stops there.
 * @param check how the compressed stream is checked (see {@link StreamCheckMode}).
 */
export async function digestImageFile(
  file: FileHandle,
  sizeBytes: number,
  onProgress?: (p: DigestProgress) => void | Promise<void>,
  check: StreamCheckMode = 'full',
): Promise<ImageDigest> {
  const slots = Array.from({ length: DIGEST_SLOTS }, () => new SharedArrayBuffer(DIGEST_READ_BYTES));
  const views = slots.map((s) => Buffer.from(s));
  const inFlight: Array<Promise<void> | null> = slots.map(() => null);
  const hashers = new HashWorkers(slots, Math.max(0, sizeBytes - TAIL_SUM_BYTES), TORRENT_PIECE_BYTES);
  let head = Buffer.alloc(0);
  const endStart = Math.max(0, sizeBytes - END_BYTES);
  const end = Buffer.alloc(sizeBytes - endStart);
  let tester: StreamCheck | null = null;
  let compressor: ImageCompressor = 'NONE';
  let offset = 0;
  const started = Date.now();
  let lastReport = 0;
  try {
    for (let n = 0; offset < sizeBytes; n++) {
      const slot = n % DIGEST_SLOTS;
      await inFlight[slot]; // the slot's previous chunk is hashed and tested
      const { bytesRead } = await file.read(views[slot], 0, Math.min(DIGEST_READ_BYTES, sizeBytes - offset), offset);
      if (bytesRead === 0) throw new Error(`file shrank while reading: ended at ${offset} of ${sizeBytes} bytes`);
      const chunk = views[slot].subarray(0, bytesRead);
      if (offset + bytesRead > endStart)
        chunk.copy(end, Math.max(0, offset - endStart), Math.max(0, endStart - offset));
      if (!tester) {
        head = Buffer.from(chunk.subarray(0, HEAD_BYTES));
        compressor = detectCompressor(chunk.subarray(0, 16));
        tester = streamCheckFor(compressor, isPartcloneHead(chunk), check, file.fd);
      }
      inFlight[slot] = Promise.all([hashers.hash(slot, bytesRead), tester.write(chunk)]).then(() => undefined);
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
    await Promise.all(inFlight);
  } catch (err) {
    tester?.abort();
    await hashers.stop();
    throw err;
  }
  const hashes = await hashers.finish();
  const integrity: IntegrityResult = tester ? await tester.finish() : { ok: false, reason: 'empty file' };
  return { sizeBytes, ...hashes, head, end, compressor, integrity };
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
