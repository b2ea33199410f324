/** Magic of a zstd frame (little-endian u32 at its start). */
const ZSTD_FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50–0x184D2A5F, then a u32 length. */
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Block_Maximum_Size of the format (RFC 8878 §3.1.1.2.3): no block carries more. */
const MAX_BLOCK_BYTES = 128 * 1024;

type State = 'magic' | 'descriptor' | 'header' | 'block' | 'skippable';

/**
 * Walks the frame structure of a zstd stream fed chunk by chunk, without decompressing (RFC 8878): frame magic,
 * frame header, then block headers whose sizes are skipped, up to the last block and its content checksum; skippable
 * frames are skipped. It finds a truncated stream, bytes that are no zstd frame, and reserved or oversized blocks, at
 * the cost of reading a few bytes per 128 KiB block; it cannot see a bit flipped inside a compressed block (only
 * decompressing, `zstd -t`, checks the content checksum).
 */
export class ZstdFrameWalker {
  private state: State = 'magic';
  private need = 4;
  private header = Buffer.alloc(0);
  private skip = 0;
  private offset = 0;
  private frameStart = 0;
  private checksum = false;
  private problem: string | null = null;
  /** Complete zstd frames seen so far. */
  frames = 0;

  /** Feeds the next bytes of the stream. */
  update(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && this.problem === null) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      const take = Math.min(this.need - this.header.length, chunk.length - at);
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + take)]);
      at += take;
      if (this.header.length === this.need) this.onHeader(this.offset + at);
    }
    this.offset += chunk.length;
  }

  /** The verdict once the whole stream was fed: null when it is a complete run of frames, else the reason. */
  finish(): string | null {
    if (this.problem) return this.problem;
    if (this.state !== 'magic' || this.header.length > 0 || this.skip > 0)
      return `truncated zstd stream: it ends inside the frame that starts at byte ${this.frameStart} (${this.offset} bytes)`;
    if (this.frames === 0) return 'no zstd frame';
    return null;
  }

  /** `end` is the stream offset just after the header bytes. */
  private onHeader(end: number): void {
    const h = this.header;
    switch (this.state) {
      case 'magic': {
        const magic = h.readUInt32LE(0);
        this.frameStart = end - 4;
        if (magic === ZSTD_FRAME_MAGIC) return this.next('descriptor', 1);
        if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) return this.next('skippable', 4);
        this.problem = `no zstd frame at byte ${this.frameStart}`;
        return;
      }
      case 'descriptor': {
        const d = h[0];
        if (d & 0x08) {
          this.problem = `reserved bit set in the frame header at byte ${this.frameStart}`;
          return;
        }
        const single = (d >> 5) & 1;
        const fcs = d >> 6;
        this.checksum = ((d >> 2) & 1) === 1;
        const length = 1 + (single ? 0 : 1) + [0, 1, 2, 4][d & 3] + (fcs === 0 ? single : [0, 2, 4, 8][fcs]);
        if (length === 1) return this.next('block', 3);
        this.state = 'header';
        this.need = length; // keep the descriptor byte: the rest of the header follows
        return;
      }
      case 'header':
        return this.next('block', 3);
      case 'block': {
        const b = h[0] | (h[1] << 8) | (h[2] << 16);
        const last = (b & 1) === 1;
        const type = (b >> 1) & 3;
        const size = b >>> 3;
        if (type === 3 || size > MAX_BLOCK_BYTES) {
          this.problem = `${type === 3 ? 'reserved block type' : `block of ${size} bytes`} at byte ${end - 3}`;
          return;
        }
        this.next(last ? 'magic' : 'block', last ? 4 : 3);
        this.skip = (type === 1 ? 1 : size) + (last && this.checksum ? 4 : 0);
        if (last) this.frames++;
        return;
      }
      case 'skippable':
        this.next('magic', 4);
        this.skip = h.readUInt32LE(0);
        return;
    }
  }

  private next(state: State, need: number): void {
    this.state = state;
    this.need = need;
    this.header = Buffer.alloc(0);
  }
}
