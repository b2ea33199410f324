import type { Writable } from 'node:stream';
import { describeHttpFailure } from './http-client';
import { runTransferChild } from './transfer-child';

/**
 * Code of the downloader child (CommonJS, run with `node -e`: no bundle entry of its own). Its stdout is the
 * decompressor's stdin (a kernel pipe; Node writes to pipes synchronously, so the download goes no faster than the
 * restore takes it). It GETs the image, writes the body to stdout while hashing it (MD5, to compare with
 * `.full.sum`), and reports `done` with the digest and length, `status` for an answer other than 200, or `error`
 * (`output: true` when the pipe closed because the tools stopped). A small heap is the point: a 64 KiB buffer per
 * socket read costs a garbage collection every few MiB in a process with og-agent's heap.
 */
const DOWNLOADER_SOURCE = `
const http = require('node:http');
const https = require('node:https');
const { createHash } = require('node:crypto');
process.on('disconnect', () => process.exit(1));
process.once('message', (m) => {
  const say = (msg) => { if (process.connected) process.send(msg); };
  const quit = (msg) => { say(msg); process.disconnect(); };
  let outputClosed = false;
  process.stdout.on('error', (err) => { outputClosed = true; quit({ type: 'error', output: true, message: err.message }); });
  const u = new URL(m.url);
  const req = (u.protocol === 'https:' ? https : http).get(u, { agent: false, headers: m.headers }, (res) => {
    if (res.statusCode !== 200) {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => quit({ type: 'status', status: res.statusCode, body: Buffer.concat(chunks).toString('base64') }));
      return;
    }
    const hash = createHash('md5');
    let bytes = 0;
    res.on('data', (c) => {
      if (outputClosed) return;
      hash.update(c);
      bytes += c.length;
      process.stdout.write(c);
    });
    res.on('error', (err) => quit({ type: 'error', message: 'image stream broke: ' + err.message }));
    res.on('end', () => {
      if (!res.complete) return quit({ type: 'error', message: 'image stream ended early, after ' + bytes + ' bytes' });
      process.stdout.end(() => quit({ type: 'done', md5: hash.digest('hex'), bytes }));
    });
  });
  req.setTimeout(m.idleTimeoutMs, () => req.destroy(new Error('connection idle for too long')));
  req.on('error', (err) => quit({ type: 'error', message: err.message }));
});
`;

/** The restore tools stopped reading (they failed or were killed): their own error explains the restore's end. */
export class DownloadOutputClosedError extends Error {}

/** Options of {@link downloadIntoPipe}. */
export interface DownloadIntoPipeOptions {
  /** `…/ogrepository/v1/images/<nci>/file`. */
  url: string;
  /** Extra request headers (Authorization). */
  headers?: Record<string, string>;
  /**
   * Where the body goes: the stdin of a just-spawned child (a pipe). Its descriptor is handed to the downloader and
   * this process's end is destroyed, so the caller must not have written to it and must call this in the same tick.
   */
  output: Writable;
  signal?: AbortSignal;
  /** Milliseconds without a byte after which the download is dropped (default 120 s). */
  idleTimeoutMs?: number;
}

type DownloaderMessage =
  | { type: 'done'; md5: string; bytes: number }
  | { type: 'status'; status: number; body: string }
  | { type: 'error'; message: string; output?: boolean };

/**
 * GETs `url` into `output` from a small downloader child: no image byte passes through this process.
 * @returns hex MD5 and byte count of the body (compare with the image's `.full.sum`).
 * @throws ImagingError stage `download` (an answer other than 200, a broken or short body, a failed connection);
 *         DownloadOutputClosedError when `output` closed first; ImagingCancelledError when `signal` aborts.
 */
export function downloadIntoPipe(opts: DownloadIntoPipeOptions): Promise<{ md5: string; bytes: number }> {
  const { result } = runTransferChild<{ md5: string; bytes: number }, DownloaderMessage>({
    source: DOWNLOADER_SOURCE,
    stdio: ['ignore', opts.output, 'pipe', 'ipc'],
    start: { url: opts.url, headers: opts.headers ?? {}, idleTimeoutMs: opts.idleTimeoutMs ?? 120_000 },
    stage: 'download',
    what: `GET ${opts.url}`,
    signal: opts.signal,
    onMessage: (m, settle) => {
      if (m.type === 'done') return settle.done({ md5: m.md5, bytes: m.bytes });
      if (m.type === 'status') return settle.fail(describeHttpFailure(m.status, Buffer.from(m.body, 'base64')));
      if (m.output) return settle.reject(new DownloadOutputClosedError(m.message));
      settle.fail(m.message);
    },
  });
  opts.output.destroy();
  return result;
}
