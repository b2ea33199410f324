import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Bytes at the end of an image that its `.sum` covers (OpenGnsys `tail -c1M`). */
export const TAIL_SUM_BYTES = 1024 * 1024;

/** MD5 (hex) of the last MiB of a file, as `tail -c1M file | md5sum` (the whole file when smaller). */
export async function tailMd5(file: string): Promise<string> {
  const { size } = await stat(file);
  const length = Math.min(size, TAIL_SUM_BYTES);
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    return createHash('md5').update(buf).digest('hex');
  } finally {
    await fh.close();
  }
}

/** MD5 (hex) of a whole file, read in 1 MiB chunks. */
export async function fileMd5(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** First 32 hex digits of a `.sum`/`.full.sum` file's text (`md5sum` output or bare hash), lower-cased; null if none. */
export function parseSumText(text: string): string | null {
  const m = /^\s*([0-9a-fA-F]{32})\b/.exec(text);
  return m ? m[1].toLowerCase() : null;
}
