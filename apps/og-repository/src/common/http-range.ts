/** Bytes `start`–`end` of a file, both inclusive (`end < start` only for an empty file). */
export type ByteRange = [start: number, end: number];

/**
 * Reads a `Range` header holding one range, `bytes=a-b`, `bytes=a-` or `bytes=-n` (the last n bytes), against a file
 * of `size` bytes: the bytes to send, `null` when there is no usable range (absent, malformed, `b < a`: the whole
 * file is sent), or `'unsatisfiable'` when it starts at or past the end (416). `b` past the end is cut to the end.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header) : null;
  if (!m || (m[1] === '' && m[2] === '') || (m[1] !== '' && m[2] !== '' && Number(m[2]) < Number(m[1]))) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}

/**
 * `If-Range` as the `send` library reads it: the range holds when the header is a strong entity tag equal to `tag`
 * (ours is weak unless the full MD5 is known, and a weak one never matches), or an HTTP date not before `mtime`
 * (compared in whole seconds).
 */
export function ifRangeMatches(ifRange: string, tag: string, mtime: Date): boolean {
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return !tag.startsWith('W/') && ifRange === tag;
  const date = Date.parse(ifRange);
  return !Number.isNaN(date) && Math.floor(mtime.getTime() / 1000) * 1000 <= date;
}
