import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImagingCancelledError, ImagingError } from '../process/tool-error';
import { describeHttpFailure, HttpOptions, openGet } from './http-client';

/** Bytes so far and the total when the server said it. */
export interface TransferProgress {
  bytes: number;
  totalBytes: number | null;
}

/** A Transform that hashes (MD5) and counts what flows through it. */
export class HashingCounter extends Transform {
  private readonly hash = createHash('md5');
  /** Bytes seen so far. */
  bytes = 0;

  constructor(private readonly onChunk?: (bytes: number) => void) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onChunk?.(this.bytes);
    cb(null, chunk);
  }

  /** Hashes and counts the first `length` bytes of `file` (the part of a resumed download already on disk). */
  async absorb(file: string, length: number): Promise<void> {
    if (length <= 0) return;
    for await (const chunk of createReadStream(file, { start: 0, end: length - 1, highWaterMark: 1024 * 1024 })) {
      this.hash.update(chunk as Buffer);
      this.bytes += (chunk as Buffer).length;
    }
  }

  /** Hex MD5 of everything seen; call once, after the stream ended. */
  md5(): string {
    return this.hash.digest('hex');
  }
}

/** What {@link downloadToFile} did. */
export interface DownloadResult {
  /** Hex MD5 of the whole file (the kept prefix of a resumed download included). */
  md5: string;
  /** Size of the whole file. */
  bytes: number;
  /** Bytes received in this call. */
  transferredBytes: number;
  /** Offset the download resumed from (0 when it started over). */
  resumedFrom: number;
}

/**
 * Downloads `url` into `file`, computing the whole file's MD5 on the fly. With `resumeFrom` > 0 (the size of a
 * partial `file` from an interrupted attempt) it asks for `Range: bytes=<resumeFrom>-` and appends; a server that
 * answers 200 (Range ignored) or 416 makes it start over from byte 0.
 * @throws ImagingError stage `opts.stage` on another answer or a broken transfer (the partial file is left for a
 *         later resume); ImagingCancelledError on abort.
 */
export async function downloadToFile(
  url: string,
  file: string,
  opts: HttpOptions & { onProgress?: (p: TransferProgress) => void; resumeFrom?: number },
): Promise<DownloadResult> {
  const resumeFrom = opts.resumeFrom ?? 0;
  const headers = resumeFrom > 0 ? { ...opts.headers, Range: `bytes=${resumeFrom}-` } : opts.headers;
  const res = await openGet(url, { ...opts, headers });
  const status = res.statusCode ?? 0;
  const rangeStart = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
  const resumed = resumeFrom > 0 && status === 206 && rangeStart !== null && Number(rangeStart[1]) === resumeFrom;
  if (resumeFrom > 0 && !resumed && (status === 200 || status === 206 || status === 416)) {
    res.destroy();
    return downloadToFile(url, file, { ...opts, resumeFrom: 0 });
  }
  if (!resumed && status !== 200) {
    const body = await new Promise<Buffer>((r) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => r(Buffer.concat(chunks)));
      res.on('error', () => r(Buffer.concat(chunks)));
    });
    throw new ImagingError(opts.stage, `GET ${url}: ${describeHttpFailure(status, body)}`);
  }
  const offset = resumed ? resumeFrom : 0;
  const length = res.headers['content-length'] ? Number(res.headers['content-length']) : null;
  const total = length === null ? null : length + offset;
  const counter = new HashingCounter((bytes) => opts.onProgress?.({ bytes, totalBytes: total }));
  try {
    await counter.absorb(file, offset);
    const out = createWriteStream(file, { flags: offset > 0 ? 'r+' : 'w', start: offset, highWaterMark: 1024 * 1024 });
    await pipeline(res, counter, out, { signal: opts.signal });
  } catch (err) {
    res.destroy();
    if (opts.signal?.aborted) throw new ImagingCancelledError();
    throw new ImagingError(opts.stage, `GET ${url} broke after ${counter.bytes} bytes: ${(err as Error).message}`);
  }
  if (total !== null && counter.bytes !== total) {
    throw new ImagingError(opts.stage, `GET ${url} ended after ${counter.bytes} of ${total} bytes`);
  }
  return { md5: counter.md5(), bytes: counter.bytes, transferredBytes: counter.bytes - offset, resumedFrom: offset };
}

/**
 * Fetches the first `length` bytes of `url` with `Range: bytes=0-<length-1>`; a server that ignores Range (200)
 * is read only that far, then the connection is closed.
 * @returns the bytes and the file's total size (from `Content-Range`, or `Content-Length` of a 200), null if unknown.
 * @throws ImagingError stage `opts.stage` on any answer other than 206/200.
 */
export async function fetchHead(
  url: string,
  length: number,
  opts: HttpOptions,
): Promise<{ head: Buffer; totalBytes: number | null }> {
  const res = await openGet(url, { ...opts, headers: { ...opts.headers, Range: `bytes=0-${length - 1}` } });
  const status = res.statusCode ?? 0;
  const range = /\/(\d+)\s*$/.exec(String(res.headers['content-range'] ?? ''));
  const length200 = status === 200 && res.headers['content-length'] ? Number(res.headers['content-length']) : null;
  const totalBytes = range ? Number(range[1]) : length200;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      const body = Buffer.concat(chunks);
      if (status !== 206 && status !== 200)
        reject(new ImagingError(opts.stage, `GET ${url}: ${describeHttpFailure(status, body)}`));
      else resolve({ head: body.subarray(0, length), totalBytes });
    };
    res.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= length) {
        res.removeAllListeners('end');
        res.destroy();
        done();
      }
    });
    res.on('end', done);
    res.on('error', (err) => reject(new ImagingError(opts.stage, `GET ${url}: ${err.message}`)));
  });
}
