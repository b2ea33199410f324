import { createHash } from 'node:crypto';
import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { AgentJobStage, OG_HEADERS } from '@og/contracts';
import { ImagingCancelledError, ImagingError } from '../process/tool-error';

/** Request options shared by the helpers. */
export interface HttpOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Stage reported when the request fails. */
  stage: AgentJobStage;
  /** Socket idle timeout in ms (default 120 s). */
  idleTimeoutMs?: number;
}

/** A buffered response (small bodies only: sums, JSON). */
export interface BufferedResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function requestFn(url: URL) {
  return url.protocol === 'https:' ? httpsRequest : httpRequest;
}

/** Message of a non-2xx answer: the JSON `message` if there is one, else the start of the body. */
export function describeHttpFailure(status: number, body: Buffer): string {
  const text = body.toString('utf8').slice(0, 500);
  try {
    const json = JSON.parse(text) as { message?: unknown };
    if (json.message)
      return `HTTP ${status}: ${Array.isArray(json.message) ? json.message.join('; ') : String(json.message)}`;
  } catch {
    /* not JSON */
  }
  return `HTTP ${status}${text ? `: ${text.trim()}` : ''}`;
}

function attach(req: ClientRequest, opts: HttpOptions, reject: (e: Error) => void): () => void {
  const onAbort = () => {
    req.destroy();
    reject(new ImagingCancelledError());
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  req.setTimeout(opts.idleTimeoutMs ?? 120_000, () => req.destroy(new Error('connection idle for too long')));
  req.on('error', (err) =>
    reject(new ImagingError(opts.stage, `${req.method} ${req.host}${req.path}: ${err.message}`)),
  );
  return () => opts.signal?.removeEventListener('abort', onAbort);
}

/**
 * Sends a GET and resolves with the response stream once headers arrive (any status; the caller checks it).
 * Aborting `signal` destroys the request and the response.
 */
export function openGet(url: string, opts: HttpOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new ImagingCancelledError());
    const u = new URL(url);
    const req = requestFn(u)(u, { method: 'GET', headers: opts.headers });
    const detach = attach(req, opts, reject);
    req.on('response', (res) => {
      res.on('close', detach);
      resolve(res);
    });
    req.end();
  });
}

/** GET into memory (bodies up to `maxBytes`, default 4 MiB). */
export async function getBuffer(url: string, opts: HttpOptions & { maxBytes?: number }): Promise<BufferedResponse> {
  const res = await openGet(url, opts);
  const chunks: Buffer[] = [];
  let size = 0;
  const max = opts.maxBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        res.destroy();
        return reject(new ImagingError(opts.stage, `${url}: answer larger than ${max} bytes`));
      }
      chunks.push(c);
    });
    res.on('error', (err) => reject(new ImagingError(opts.stage, `${url}: ${err.message}`)));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
  });
}

/** Bytes an upload may queue in Node ahead of the socket before its source is paused. */
export const UPLOAD_QUEUE_BYTES = 4 * 1024 * 1024;

/** What {@link putStreamWithTrailers} sent and got back. */
export interface UploadResult {
  status: number;
  body: Buffer;
  /** Hex SHA-256 of every byte sent. */
  sha256: string;
  /** Bytes sent. */
  bytes: number;
}

/**
 * Streams `source` as a chunked PUT with `Content-Type: application/octet-stream` and trailers
 * `x-og-content-sha256` (hex SHA-256: twice MD5's rate on CPUs with SHA extensions, and the CPU is what a capture is
 * short of) and `x-og-content-length` (bytes), both computed on the fly; nothing is buffered
 * beyond {@link UPLOAD_QUEUE_BYTES} of the stream's own chunks (backpressure).
 * @param onChunk sees every chunk sent (progress, header sniffing).
 * @param beforeEnd awaited when `source` ends, before the last chunk and trailers are sent; if it rejects, the
 *        request is destroyed unterminated (the server sees a broken upload) and the promise rejects with its error.
 * @throws ImagingError stage `opts.stage` when the connection fails or the server answers before the body ended
 *         with a non-2xx status.
 */
export function putStreamWithTrailers(
  url: string,
  source: Readable,
  opts: HttpOptions & { onChunk?: (chunk: Buffer) => void; beforeEnd?: () => Promise<void> },
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new ImagingCancelledError());
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      source.destroy();
      reject(err);
    };
    const u = new URL(url);
    const req = requestFn(u)(u, {
      method: 'PUT',
      headers: {
        ...opts.headers,
        'Content-Type': 'application/octet-stream',
        'Transfer-Encoding': 'chunked',
        Trailer: `${OG_HEADERS.contentSha256}, ${OG_HEADERS.contentLength}`,
      },
    });
    const detach = attach(req, opts, fail);
    const hash = createHash('sha256');
    let bytes = 0;
    let ended = false;
    let digest = '';
    // Read ahead of the socket up to UPLOAD_QUEUE_BYTES: pausing at the request's 16 KiB high-water mark (every chunk)
    // left the producer's 64 KiB pipe full, blocking the compressor, and cost a stop/start of the pipe per chunk.
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      opts.onChunk?.(chunk);
      req.write(chunk);
      if (!source.isPaused() && req.writableLength >= UPLOAD_QUEUE_BYTES) {
        source.pause();
        req.once('drain', () => source.resume());
      }
    });
    source.on('error', (err) => fail(new ImagingError(opts.stage, `upload source failed: ${err.message}`)));
    source.on('end', () => {
      const finish = () => {
        ended = true;
        digest = hash.digest('hex');
        req.addTrailers({ [OG_HEADERS.contentSha256]: digest, [OG_HEADERS.contentLength]: String(bytes) });
        req.end();
      };
      // The producer must succeed before the body is terminated: otherwise the server would accept a truncated image.
      (opts.beforeEnd ? opts.beforeEnd() : Promise.resolve()).then(finish, (err: Error) => {
        req.destroy();
        fail(err);
      });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        detach();
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks);
        if (!ended && status >= 300)
          return fail(
            new ImagingError(opts.stage, `repository refused the upload: ${describeHttpFailure(status, body)}`),
          );
        if (!ended) return fail(new ImagingError(opts.stage, `repository answered ${status} before the upload ended`));
        if (settled) return;
        settled = true;
        resolve({ status, body, sha256: digest, bytes });
      });
    });
  });
}
