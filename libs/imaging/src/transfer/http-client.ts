import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AgentJobStage } from '@og/contracts';
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
