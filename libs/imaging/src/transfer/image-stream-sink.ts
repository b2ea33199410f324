import { ChildProcess, spawn } from 'node:child_process';
import { STATUS_CODES } from 'node:http';
import { FileHandle, open } from 'node:fs/promises';
import type { Socket } from 'node:net';
import {
  decodeImageStreamTrailer,
  IMAGE_STREAM_TRAILER_BYTES,
  IMAGE_STREAM_UPGRADE,
  ImageStreamAnswer,
  ImageStreamTrailer,
} from '@og/contracts';

/**
 * Code of the sink child (CommonJS, run with `node -e` so it needs no bundle entry of its own). It inherits the
 * temporary file (fd 4) and the upgraded connection (fd 5) from its parent, answers `101`, writes every byte but the last
 * {@link IMAGE_STREAM_TRAILER_BYTES} to the temporary file (synchronous writes: the socket is read no faster than the
 * disk takes it) while hashing them, and on the sender's FIN reports the length, the SHA-256 and the held-back
 * trailer bytes. After a write error (disk full) it reads the rest without keeping it, so that its answer reaches
 * the sender instead of being lost to a connection reset. Its small heap is the point: a 64 KiB buffer per socket read costs a garbage collection every few
 * MiB in a process with the repository's heap, and next to nothing here. It then writes the parent's answer line and
 * exits; it exits too when the parent goes away.
 */
const SINK_SOURCE = `
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const TRAILER = ${IMAGE_STREAM_TRAILER_BYTES};
const FILE_FD = 4;
const SOCKET_FD = 5;
process.on('disconnect', () => process.exit(1));
process.once('message', (m) => {
  const hash = createHash('sha256');
  const held = Buffer.alloc(TRAILER); // the last bytes seen, the trailer once the sender has finished
  let heldBytes = 0;
  let length = 0;
  let reported = 0;
  let failure = null; // after a write error the rest is read and dropped, so the answer is not lost to a reset
  let done = false;
  const finish = (msg) => { if (done) return; done = true; try { fs.closeSync(FILE_FD); } catch {} process.send(msg); };
  const write = (buf) => {
    if (buf.length === 0 || failure) return;
    try {
      if (fs.writeSync(FILE_FD, buf) !== buf.length) throw Object.assign(new Error('short write: no space left on device'), { code: 'ENOSPC' });
    } catch (err) {
      failure = { type: 'failed', code: err.code || 'EIO', message: err.message };
      return;
    }
    hash.update(buf);
    length += buf.length;
  };
  // One read buffer for the whole upload (onread): nothing is allocated per read.
  const onRead = (n, buf) => {
    if (done) return;
    const chunk = buf.subarray(0, n);
    if (heldBytes + n > TRAILER) {
      // what leaves the held window is image data: first the held bytes that are pushed out, then the chunk's head
      const out = heldBytes + n - TRAILER;
      const fromHeld = Math.min(out, heldBytes);
      write(held.subarray(0, fromHeld));
      held.copy(held, 0, fromHeld, heldBytes);
      heldBytes -= fromHeld;
      write(chunk.subarray(0, out - fromHeld));
      chunk.copy(held, heldBytes, out - fromHeld);
      heldBytes += n - (out - fromHeld);
    } else {
      chunk.copy(held, heldBytes);
      heldBytes += n;
    }
    if (length - reported >= m.progressBytes) { process.send({ type: 'progress', bytes: length - reported }); reported = length; }
  };
  const socket = new net.Socket({ fd: SOCKET_FD, readable: true, writable: true, allowHalfOpen: true,
    onread: { buffer: Buffer.allocUnsafe(256 * 1024), callback: onRead } });
  socket.setTimeout(m.idleTimeoutMs, () => socket.destroy(new Error('connection idle for too long')));
  socket.on('end', () => {
    if (failure) return finish(failure);
    if (length > reported) process.send({ type: 'progress', bytes: length - reported });
    finish({ type: 'received', length, sha256: hash.digest('hex'), trailer: held.subarray(0, heldBytes).toString('base64') });
  });
  socket.on('error', (err) => finish({ type: 'aborted', message: err.message }));
  socket.on('close', () => { finish({ type: 'aborted', message: 'connection closed before the upload ended' }); process.disconnect(); });
  process.on('message', (a) => {
    if (a.type === 'answer') socket.end(a.line, () => socket.destroy());
  });
  socket.write(m.acceptHead);
});
`;

/** What arrived on a streamed upload. */
export interface ImageStreamReceipt {
  /** Image bytes received and written, without the trailer. */
  length: number;
  /** Hex SHA-256 of those bytes. */
  sha256: string;
  /** What the sender declared in its trailer; null when the stream did not end with one. */
  declared: ImageStreamTrailer | null;
}

/** The upload broke before its end (sender gone, connection idle too long, sink child killed). */
export class ImageStreamAbortedError extends Error {}

/** The temporary file could not be written; `code` is the errno name (`ENOSPC` when the store is full). */
export class ImageStreamWriteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link ImageStreamSink.start}. */
export interface ImageStreamSinkOptions {
  /** New file to write (created exclusively by {@link ImageStreamSink.start}; the caller deletes it unless installed). */
  tempPath: string;
  /** Called with the bytes written since the last call (about every 4 MiB, and at the end). */
  onBytes?: (bytes: number) => void;
  /** Milliseconds without a byte after which the connection is dropped (default 120 s). */
  idleTimeoutMs?: number;
}

const PROGRESS_BYTES = 4 * 1024 * 1024;

/**
 * The receiving end of {@link IMAGE_STREAM_UPGRADE}: hands an upgraded connection to a sink child, which accepts it
 * (`101`), writes the image to `tempPath` and hashes it; {@link received} settles when the sender has finished, and
 * {@link answer} sends the final JSON line. The connection must not have been read beyond the request head (the
 * sender waits for the `101` before sending bytes).
 */
export class ImageStreamSink {
  /** Resolves with what arrived; rejects with ImageStreamAbortedError or ImageStreamWriteError. */
  readonly received: Promise<ImageStreamReceipt>;
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    this.received = new Promise<ImageStreamReceipt>((resolve, reject) => {
      child.on('message', (m: SinkMessage) => {
        if (m.type === 'received')
          resolve({
            length: m.length,
            sha256: m.sha256,
            declared: decodeImageStreamTrailer(Buffer.from(m.trailer, 'base64')),
          });
        else if (m.type === 'failed') reject(new ImageStreamWriteError(m.code, m.message));
        else if (m.type === 'aborted') reject(new ImageStreamAbortedError(m.message));
      });
      // without a listener, a failed spawn or IPC send would be an uncaught 'error' event (the server would crash)
      child.on('error', (err) => reject(new ImageStreamAbortedError(`upload receiver failed: ${err.message}`)));
      child.once('close', (code, signal) =>
        reject(new ImageStreamAbortedError(`upload receiver exited (${signal ?? `code ${code}`})`)),
      );
    });
    this.received.catch(() => undefined);
  }

  /**
   * Creates `tempPath`, starts a sink child and gives it the file and `socket` (this process no longer owns the
   * connection). Resolves before the upload is received.
   * @throws ImageStreamWriteError when `tempPath` cannot be created (the socket is untouched: refuse the upgrade).
   */
  static async start(socket: Socket, opts: ImageStreamSinkOptions): Promise<ImageStreamSink> {
    let file: FileHandle;
    try {
      file = await open(opts.tempPath, 'wx');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new ImageStreamWriteError(e.code ?? 'EIO', e.message);
    }
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ['-e', SINK_SOURCE], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc', file.fd, socket],
      });
    } finally {
      socket.destroy(); // the child has its own descriptor of the connection: this process must not read from it
      await file.close();
    }
    const sink = new ImageStreamSink(child);
    child.stderr?.resume();
    child.on('message', (m: SinkMessage) => {
      if (m.type === 'progress') opts.onBytes?.(m.bytes);
    });
    const acceptHead = `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${IMAGE_STREAM_UPGRADE}\r\n\r\n`;
    child.send({
      type: 'start',
      acceptHead,
      progressBytes: PROGRESS_BYTES,
      idleTimeoutMs: opts.idleTimeoutMs ?? 120_000,
    });
    return sink;
  }

  /** Sends `answer` as the final JSON line, closes the connection and waits for the child to exit. */
  async answer(answer: ImageStreamAnswer): Promise<void> {
    if (this.child.connected) this.child.send({ type: 'answer', line: `${JSON.stringify(answer)}\n` });
    else this.child.kill('SIGKILL');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the child (and with it the connection). */
  kill(): void {
    this.child.kill('SIGKILL');
  }
}

type SinkMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'received'; length: number; sha256: string; trailer: string }
  | { type: 'failed'; code: string; message: string }
  | { type: 'aborted'; message: string };

/**
 * Refuses an upgrade request with an ordinary HTTP answer (`status`, JSON `body`) and closes the connection.
 * For the errors of the streamed upload (401, 400, 409, 415, 507), in the REST API's JSON shape.
 */
export function refuseUpgrade(socket: Socket, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
