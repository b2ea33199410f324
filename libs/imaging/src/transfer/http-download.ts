import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
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

  /** Hex MD5 of everything seen; call once, after the stream ended. */
  md5(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Downloads `url` into `file` (created or truncated), computing the MD5 on the fly.
 * @returns hex MD5 and byte count.
 * @throws ImagingError stage `opts.stage` on a non-200 answer or a broken transfer; ImagingCancelledError on abort.
 */
export async function downloadToFile(
  url: string,
  file: string,
  opts: HttpOptions & { onProgress?: (p: TransferProgress) => void },
): Promise<{ md5: string; bytes: number }> {
  const res = await openGet(url, opts);
  if (res.statusCode !== 200) {
    const body = await new Promise<Buffer>((r) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => r(Buffer.concat(chunks)));
      res.on('error', () => r(Buffer.concat(chunks)));
    });
    throw new ImagingError(opts.stage, `GET ${url}: ${describeHttpFailure(res.statusCode ?? 0, body)}`);
  }
  const total = res.headers['content-length'] ? Number(res.headers['content-length']) : null;
  const counter = new HashingCounter((bytes) => opts.onProgress?.({ bytes, totalBytes: total }));
  try {
    await pipeline(res, counter, createWriteStream(file, { highWaterMark: 1024 * 1024 }), { signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw new ImagingCancelledError();
    throw new ImagingError(opts.stage, `GET ${url} broke after ${counter.bytes} bytes: ${(err as Error).message}`);
  }
  if (total !== null && counter.bytes !== total) {
    throw new ImagingError(opts.stage, `GET ${url} ended after ${counter.bytes} of ${total} bytes`);
  }
  return { md5: counter.md5(), bytes: counter.bytes };
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
