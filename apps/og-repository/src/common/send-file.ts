import type { Request, Response } from 'express';
import { open } from 'node:fs/promises';
import { DOWNLOAD_CHUNK_BYTES, writeFileRange } from '@repository/common/file-body';
import type { FileToSend } from '@repository/modules/images/image-transfers.service';

/**
 * Streams a file. Plain and single-range `GET`/`HEAD` requests (a whole download, or a resume with `Range: bytes=N-`
 * and an `If-Range` that still matches) take the fast path, {@link writeFileRange}; everything else (conditional
 * requests, several ranges, unsatisfiable ranges: 416) goes through express' `sendFile` (the `send` library). Both
 * answer `Accept-Ranges`, `ETag`, `Last-Modified`; a strong `etag` given here replaces send's weak one.
 */
export function sendFileStream(res: Response, file: FileToSend): void {
  const { path, track, ...opts } = file;
  if (track && res.req.method !== 'HEAD') {
    const socket = res.socket;
    const start = socket?.bytesWritten ?? 0;
    const transfer = track(() => (socket ? socket.bytesWritten - start : 0), socket?.remoteAddress ?? null);
    res.once('close', () => transfer.end());
  }
  if (opts.etag) res.setHeader('ETag', `"${opts.etag}"`);
  if (fastPathApplies(res.req)) {
    fastSend(res, path, opts.contentType, opts.etag).catch((err: Error & { code?: string }) => {
      if (res.headersSent) res.destroy();
      else if (err.code === 'ENOENT')
        res.status(404).json({ statusCode: 404, message: 'file not found', code: 'FILE_NOT_FOUND' });
      else res.status(500).json({ statusCode: 500, message: 'could not read file', code: 'FILE_READ_ERROR' });
    });
    return;
  }
  res.sendFile(
    path,
    {
      dotfiles: 'allow',
      acceptRanges: true,
      cacheControl: false,
      lastModified: true,
      etag: !opts.etag,
      headers: { 'Content-Type': opts.contentType },
      highWaterMark: DOWNLOAD_CHUNK_BYTES,
    } as Parameters<Response['sendFile']>[1],
    (err?: Error & { status?: number; code?: string }) => {
      if (!err) return;
      if (res.headersSent) res.destroy();
      else if (err.code === 'ECONNABORTED') res.end();
      else
        res.status(err.status ?? 500).json({
          statusCode: err.status ?? 500,
          message: err.status === 404 ? 'file not found' : 'could not read file',
          code: err.status === 404 ? 'FILE_NOT_FOUND' : 'FILE_READ_ERROR',
        });
    },
  );
}

/** No conditional headers (send answers 304/412 for those) and at most one plain byte range. */
function fastPathApplies(req: Request): boolean {
  const h = req.headers;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (h['if-none-match'] || h['if-modified-since'] || h['if-match'] || h['if-unmodified-since']) return false;
  return h.range === undefined || /^bytes=\d*-\d*$/.test(h.range);
}

async function fastSend(res: Response, path: string, contentType: string, etag: string | undefined): Promise<void> {
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    const size = st.size;
    const tag = etag ? `"${etag}"` : `W/"${size.toString(16)}-${st.mtime.getTime().toString(16)}"`;
    const lastModified = st.mtime.toUTCString();
    let range = parseRange(res.req.headers.range, size);
    const ifRange = [res.req.headers['if-range']].flat()[0];
    if (range && ifRange && !ifRangeMatches(ifRange, tag, st.mtime)) range = null;
    if (range === 'unsatisfiable') {
      res
        .status(416)
        .set({ 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' })
        .end();
      return;
    }
    const [start, end] = range ?? [0, size - 1];
    res.status(range ? 206 : 200);
    res.set({
      'Accept-Ranges': 'bytes',
      'Content-Type': contentType,
      'Content-Length': String(end - start + 1),
      ETag: tag,
      'Last-Modified': lastModified,
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (res.req.method === 'HEAD' || end < start) {
      res.end();
      return;
    }
    res.flushHeaders();
    await writeFileRange(file, res, start, end);
    if (!res.destroyed) res.end();
  } finally {
    await file.close();
  }
}

/** One `bytes=a-b` / `bytes=a-` / `bytes=-n` range → [start, end]; null when absent; 'unsatisfiable' past the end. */
function parseRange(header: string | undefined, size: number): [number, number] | null | 'unsatisfiable' {
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

/** `If-Range`: a strong entity tag equal to ours, or a date not before the file's last modification (as send). */
function ifRangeMatches(ifRange: string, tag: string, mtime: Date): boolean {
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return !tag.startsWith('W/') && ifRange === tag;
  const date = Date.parse(ifRange);
  return !Number.isNaN(date) && Math.floor(mtime.getTime() / 1000) * 1000 <= date;
}
