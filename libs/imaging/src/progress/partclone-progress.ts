import { stripVTControlCharacters } from 'node:util';
/** One progress report of partclone. */
export interface PartcloneProgress {
  /** 0–100. */
  percent: number;
  /** Bytes per second from partclone's `Rate:` (decimal units, per minute in the text), 0 when not printed. */
  rateBytesPerSecond: number;
  /** Seconds since partclone started (`Elapsed:`). */
  elapsedSeconds: number;
  /** Seconds left as partclone estimates (`Remaining:`). */
  remainingSeconds: number;
  /** False for the bitmap-calculation report (no rate printed), true while data is copied. */
  copying: boolean;
}

const UNIT: Record<string, number> = { byte: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
const LINE =
  /Elapsed:\s*(\d+):(\d+):(\d+),\s*Remaining:\s*(\d+):(\d+):(\d+),\s*Completed:\s*([\d.]+)%(?:,\s*(?:Rate:\s*)?([\d.]+)\s*(byte|KB|MB|GB|TB)\/min)?/;

/**
 * Parses a partclone 0.3.x progress line, e.g.
 * `Elapsed: 00:00:02, Remaining: 00:00:00, Completed: 100.00%, Rate: 921.38MB/min,` or
 * `Elapsed: 00:00:01, Remaining: 00:01:39, Completed:   1.00%,   0.00byte/min,`.
 * partclone's size units are decimal (1 MB = 10^6 bytes). Returns null for any other line.
 */
export function parsePartcloneProgress(line: string): PartcloneProgress | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const secs = (h: string, mi: string, s: string) => Number(h) * 3600 + Number(mi) * 60 + Number(s);
  const perMinute = m[8] ? Number(m[8]) * UNIT[m[9]] : 0;
  return {
    percent: Math.min(100, Number(m[7])),
    rateBytesPerSecond: Math.round(perMinute / 60),
    elapsedSeconds: secs(m[1], m[2], m[3]),
    remainingSeconds: secs(m[4], m[5], m[6]),
    copying: m[8] !== undefined,
  };
}

/**
 * Splits partclone's stderr (lines ended by `\n` or redrawn with `\r`, ANSI cursor escapes mixed in) into
 * progress reports of the data copy (the bitmap-calculation report is skipped). Feed it every stderr chunk.
 */
export class PartcloneProgressStream {
  private partial = '';

  constructor(private readonly onProgress: (p: PartcloneProgress) => void) {}

  /** Consumes a stderr chunk and reports every complete progress line in it. */
  push(chunk: Buffer | string): void {
    const text = stripVTControlCharacters(this.partial + chunk.toString());
    const parts = text.split(/[\r\n]/);
    this.partial = parts.pop() ?? '';
    if (this.partial.length > 4096) this.partial = '';
    for (const line of parts) {
      const p = parsePartcloneProgress(line);
      if (p?.copying) this.onProgress(p);
    }
  }
}
