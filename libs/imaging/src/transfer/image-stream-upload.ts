import type { Readable } from 'node:stream';
import { encodeImageStreamTrailer, IMAGE_STREAM_UPGRADE, ImageStreamAnswer } from '@og/contracts';
import { describeHttpFailure } from './http-client';
import { runTransferChild } from './transfer-child';

/** Bytes the uploader may queue ahead of the socket before it pauses its input (backpressure). */
export const STREAM_QUEUE_BYTES = 4 * 1024 * 1024;

/**
 * Code of the uploader child (CommonJS, run with `node -e`: no bundle entry of its own). Its stdin is the producer's
 * pipe (the kernel connects the compressor to it). It asks for the {@link IMAGE_STREAM_UPGRADE} upgrade, copies stdin
 * to the connection while hashing it (SHA-256) and keeping its first `headBytes`, reports `eof`, and sends the
 * trailer and its FIN only when the parent says `commit` (the producer exited 0). A small heap is the point: a 64 KiB
 * buffer per pipe read costs a garbage collection every few MiB in a process with og-agent's heap.
 */
const UPLOADER_SOURCE = `
const http = require('node:http');
const https = require('node:https');
const { createHash } = require('node:crypto');
process.on('disconnect', () => process.exit(1));
process.once('message', (m) => {
  const u = new URL(m.url);
  const say = (msg) => { if (process.connected) process.send(msg); };
  const quit = (msg) => { say(msg); process.disconnect(); };
  const req = (u.protocol === 'https:' ? https : http).request(u, { method: 'PUT', agent: false, headers: m.headers });
  req.setTimeout(m.idleTimeoutMs, () => req.destroy(new Error('connection idle for too long')));
  req.on('error', (err) => quit({ type: 'error', message: err.message }));
  req.on('response', (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => quit({ type: 'refused', status: res.statusCode, body: Buffer.concat(chunks).toString('base64') }));
  });
  req.on('upgrade', (res, socket, head) => {
    socket.setTimeout(m.idleTimeoutMs, () => socket.destroy(new Error('connection idle for too long')));
    const answer = [head];
    let committed = false;
    socket.on('data', (c) => answer.push(c));
    socket.on('end', () => quit({ type: 'answer', text: Buffer.concat(answer).toString('utf8'), committed }));
    // an answer that came before a reset (refused part-way) is still the answer
    socket.on('error', (err) => {
      const text = Buffer.concat(answer).toString('utf8');
      quit(text.trim() ? { type: 'answer', text, committed } : { type: 'error', message: err.message });
    });
    const input = process.stdin;
    const hash = createHash('sha256');
    const first = [];
    let firstBytes = 0;
    let bytes = 0;
    input.on('data', (c) => {
      hash.update(c);
      bytes += c.length;
      if (firstBytes < m.headBytes) { first.push(c); firstBytes += c.length; }
      socket.write(c);
      if (!input.isPaused() && socket.writableLength >= m.queueBytes) { input.pause(); socket.once('drain', () => input.resume()); }
    });
    input.on('error', (err) => quit({ type: 'error', message: 'reading the image failed: ' + err.message }));
    input.on('end', () => say({ type: 'eof', bytes, sha256: hash.digest('hex'), head: Buffer.concat(first).subarray(0, m.headBytes).toString('base64') }));
    process.on('message', (c) => {
      if (c.type === 'commit') { committed = true; socket.end(Buffer.from(c.trailer, 'base64')); }
    });
  });
  req.end();
});
`;

/** Options of {@link uploadImageStream}. */
export interface ImageStreamUploadOptions {
  /** `…/ogrepository/v1/images/<nci>/file`. */
  url: string;
  /** Extra request headers (Authorization). */
  headers?: Record<string, string>;
  /**
   * The bytes to send: the stdout of a just-spawned child (a pipe). Its descriptor is handed to the uploader and this
   * process's end is destroyed, so the caller must not have read from it and must call this in the same tick.
   */
  input: Readable;
  /**
   * Awaited when the input ended: the trailer and FIN are sent only if it resolves (the producer exited 0); if it
   * rejects, the connection is dropped unterminated (og-repository keeps nothing) and the upload rejects with it.
   */
  commit: () => Promise<void>;
  signal?: AbortSignal;
  /** Bytes of the start of the stream returned in `head` (header sniffing). */
  headBytes: number;
  /** Milliseconds without progress after which the connection is dropped (default 120 s). */
  idleTimeoutMs?: number;
}

/** What {@link uploadImageStream} sent and got back. */
export interface ImageStreamUploadResult {
  /** og-repository's status: 201 when installed; a refusal's status otherwise (the caller reports it). */
  status: number;
  /** og-repository's JSON body (the installed image, or the error). */
  body: Buffer;
  /** Hex SHA-256 of every byte sent (og-repository checked the same before installing). */
  sha256: string;
  /** Bytes sent. */
  bytes: number;
  /** The first `headBytes` bytes sent. */
  head: Buffer;
}

type UploaderMessage =
  | { type: 'eof'; bytes: number; sha256: string; head: string }
  | { type: 'refused'; status: number; body: string }
  | { type: 'answer'; text: string; committed: boolean }
  | { type: 'error'; message: string };

/**
 * Streams `input` to og-repository with the {@link IMAGE_STREAM_UPGRADE} protocol from a small uploader child
 * process: no image byte passes through this process.
 * @throws ImagingError stage `upload` when the connection fails, when og-repository answers before the end (refused
 *         part-way: disk full…), or when its answer cannot be read; the error of `commit` when it rejects;
 *         ImagingCancelledError when `signal` aborts.
 */
export function uploadImageStream(opts: ImageStreamUploadOptions): Promise<ImageStreamUploadResult> {
  let sent: { bytes: number; sha256: string; head: Buffer } | null = null;
  const { child, result } = runTransferChild<ImageStreamUploadResult, UploaderMessage>({
    source: UPLOADER_SOURCE,
    stdio: [opts.input, 'ignore', 'pipe', 'ipc'],
    start: {
      url: opts.url,
      headers: {
        ...opts.headers,
        'Content-Type': 'application/octet-stream',
        Connection: 'Upgrade',
        Upgrade: IMAGE_STREAM_UPGRADE,
      },
      queueBytes: STREAM_QUEUE_BYTES,
      headBytes: opts.headBytes,
      idleTimeoutMs: opts.idleTimeoutMs ?? 120_000,
    },
    stage: 'upload',
    what: `PUT ${opts.url}`,
    signal: opts.signal,
    onMessage: (m, settle) => {
      if (m.type === 'error') return settle.fail(m.message);
      if (m.type === 'refused') {
        const body = Buffer.from(m.body, 'base64');
        return settle.done({ status: m.status, body, sha256: '', bytes: 0, head: Buffer.alloc(0) });
      }
      if (m.type === 'eof') {
        sent = { bytes: m.bytes, sha256: m.sha256, head: Buffer.from(m.head, 'base64') };
        const trailer = encodeImageStreamTrailer({ length: m.bytes, sha256: m.sha256 }).toString('base64');
        return void opts.commit().then(
          () => child.connected && child.send({ type: 'commit', trailer }),
          (err: Error) => settle.reject(err),
        );
      }
      let answer: ImageStreamAnswer;
      try {
        answer = JSON.parse(m.text) as ImageStreamAnswer;
      } catch {
        return settle.fail(`og-repository's answer is not JSON: ${m.text.slice(0, 200) || '(none)'}`);
      }
      const body = Buffer.from(JSON.stringify(answer.body ?? null));
      if (!m.committed || !sent)
        return settle.fail(`og-repository refused the upload: ${describeHttpFailure(answer.status, body)}`);
      settle.done({ status: answer.status, body, ...sent });
    },
  });
  opts.input.destroy();
  return result;
}
