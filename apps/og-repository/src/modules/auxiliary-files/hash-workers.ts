import { Worker } from 'node:worker_threads';

/**
 * Code of a hashing worker (CommonJS, run with `eval` so it needs no separate bundle entry). It hashes the chunks the
 * main thread reads into shared slots and answers each with `{ seq }` once the slot may be reused.
 * kind `md5`: MD5 of everything and of the bytes from `tailStart` on; kind `pieces`: SHA-1 of each `pieceBytes` piece.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { kind, slots, tailStart, pieceBytes } = workerData;
const views = slots.map((s) => Buffer.from(s));
let offset = 0;
const full = createHash('md5');
const tail = createHash('md5');
const pieces = [];
let piece = createHash('sha1');
let filled = 0;
parentPort.on('message', (m) => {
  if (m.type === 'chunk') {
    const chunk = views[m.slot].subarray(0, m.length);
    if (kind === 'md5') {
      full.update(chunk);
      if (offset + chunk.length > tailStart) tail.update(chunk.subarray(Math.max(0, tailStart - offset)));
    } else {
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(pieceBytes - filled, chunk.length - at);
        piece.update(chunk.subarray(at, at + take));
        filled += take;
        at += take;
        if (filled === pieceBytes) {
          pieces.push(piece.digest());
          piece = createHash('sha1');
          filled = 0;
        }
      }
    }
    offset += chunk.length;
    parentPort.postMessage({ type: 'done', seq: m.seq });
  } else if (m.type === 'end') {
    if (kind === 'md5') parentPort.postMessage({ type: 'result', fullMd5: full.digest('hex'), tailMd5: tail.digest('hex') });
    else {
      if (filled > 0) pieces.push(piece.digest());
      parentPort.postMessage({ type: 'result', pieces: Buffer.concat(pieces) });
    }
  }
});
`;

/** What the two workers compute over the whole file. */
export interface WorkerHashes {
  fullMd5: string;
  tailMd5: string;
  pieces: Buffer;
}

/**
 * Two worker threads hashing the same chunks at once — full and tail MD5 in one, torrent piece SHA-1s in the other —
 * so the main thread only reads, and the hashes run on other cores beside the integrity tester.
 * Chunks live in `slots` (shared memory): a slot may be refilled once {@link HashWorkers.hash} has resolved for it.
 */
export class HashWorkers {
  private readonly workers: Worker[];
  private readonly pending = new Map<string, () => void>();
  private readonly failed: Promise<never>;
  private seq = 0;

  constructor(slots: SharedArrayBuffer[], tailStart: number, pieceBytes: number) {
    this.workers = (['md5', 'pieces'] as const).map(
      (kind) => new Worker(WORKER_SOURCE, { eval: true, workerData: { kind, slots, tailStart, pieceBytes } }),
    );
    this.failed = new Promise<never>((_resolve, reject) => {
      for (const w of this.workers) {
        w.on('error', reject);
        w.on('exit', (code) => reject(new Error(`hash worker exited (${code})`)));
      }
    });
    this.failed.catch(() => undefined);
    this.workers.forEach((w, i) =>
      w.on('message', (m: { type: string; seq?: number }) => {
        if (m.type === 'done') this.pending.get(`${i}:${m.seq}`)?.();
      }),
    );
  }

  /** Hashes `length` bytes of slot `slot` in both workers; resolves when both are done with it. */
  hash(slot: number, length: number): Promise<void> {
    const seq = this.seq++;
    const done = this.workers.map(
      (w, i) =>
        new Promise<void>((resolve) => {
          this.pending.set(`${i}:${seq}`, () => {
            this.pending.delete(`${i}:${seq}`);
            resolve();
          });
          w.postMessage({ type: 'chunk', slot, length, seq });
        }),
    );
    return Promise.race([Promise.all(done).then(() => undefined), this.failed]);
  }

  /** The hashes of everything given so far; the workers are then stopped. */
  async finish(): Promise<WorkerHashes> {
    const results = this.workers.map(
      (w) =>
        new Promise<Record<string, unknown>>((resolve) => {
          w.on('message', (m: { type: string }) => {
            if (m.type === 'result') resolve(m as Record<string, unknown>);
          });
          w.postMessage({ type: 'end' });
        }),
    );
    const [md5, pieces] = await Promise.race([Promise.all(results), this.failed]);
    await this.stop();
    return {
      fullMd5: md5.fullMd5 as string,
      tailMd5: md5.tailMd5 as string,
      pieces: Buffer.from(pieces.pieces as Uint8Array),
    };
  }

  /** Stops the workers (also after an error). */
  async stop(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
