import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/** Read size of image downloads: big reads, few syscalls (see bench/repository). */
export const DOWNLOAD_CHUNK_BYTES = 2 * 1024 * 1024;
/** Buffers kept for reuse between downloads (two per download in flight). */
const POOL_MAX = 16;
const pool: Buffer[] = [];

function takeBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(DOWNLOAD_CHUNK_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (pool.length < POOL_MAX) pool.push(buffer);
}

/**
 * Writes bytes `start`–`end` (inclusive) of `file` to `out`, reading the next chunk while the previous one is written,
 * into two buffers reused for the whole transfer and then kept for the next one. `fs.createReadStream` allocates a
 * new buffer per chunk instead: in a process with a large heap (Nest, BullMQ) that external memory set off a full
 * garbage collection every few dozen chunks and cost more CPU than the copies. Resolves when everything was handed to
 * the socket, or when `out` closed early (client gone); the file is not closed here.
 */
export async function writeFileRange(file: FileHandle, out: Writable, start: number, end: number): Promise<void> {
  const buffers = [takeBuffer(), takeBuffer()];
  let closed = false;
  const onClose = () => (closed = true);
  out.once('close', onClose);
  const read = async (buffer: Buffer, at: number): Promise<Buffer> => {
    const want = Math.min(buffer.length, end + 1 - at);
    const { bytesRead } = await file.read(buffer, 0, want, at);
    if (bytesRead === 0) throw new Error(`file ended at byte ${at} of ${end + 1}`);
    return buffer.subarray(0, bytesRead);
  };
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (closed) return resolve();
      const settle = () => {
        out.off('close', settle);
        resolve();
      };
      out.once('close', settle);
      out.write(chunk, (err) => (err ? reject(err) : settle()));
    });
  try {
    let at = start;
    let i = 0;
    let next: Promise<Buffer> | null = at <= end ? read(buffers[0], at) : null;
    while (next && !closed) {
      const chunk = await next;
      at += chunk.length;
      i++;
      next = at <= end ? read(buffers[i % 2], at) : null;
      await write(chunk);
    }
    await next?.catch(() => undefined); // never leave a read into a pooled buffer running
  } finally {
    out.off('close', onClose);
    buffers.forEach(giveBack);
  }
}
