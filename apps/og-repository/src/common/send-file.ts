import type { Request, Response } from 'express';
import { FileHandle, open } from 'node:fs/promises';
import { DOWNLOAD_CHUNK_BYTES, writeFileRange } from '@repository/common/file-body';
import { ByteRange, ifRangeMatches, parseRange } from '@repository/common/http-range';
import { seekFile, sendFileTail } from '@repository/common/sendfile-child';
import { SendfileProgram, sendfileProgram } from '@repository/common/sendfile-program';
import type { FileToSend } from '@repository/modules/images/image-transfers.service';

/** Bodies from this many bytes on go by sendfile when they run to the end of the file: below, a child costs more. */
export const SENDFILE_MIN_BYTES = 1024 * 1024;

/** Finds the sendfile program (busybox), or null to copy through Node; {@link sendfileProgram} by default. */
export type SendfileLookup = () => Promise<SendfileProgram | null>;

/**
 * Streams a file. Plain and single-range `GET`/`HEAD` requests (a whole download, or a resume with `Range: bytes=N-`
 * and an `If-Range` that still matches) take the fast path, {@link fastSend}; everything else (conditional requests,
 * several ranges) goes through express' `sendFile` (the `send` library). Both answer `Accept-Ranges`, `ETag`,
 * `Last-Modified`; a strong `etag` given here replaces send's weak one. `sendfile` only changes how a fast-path body
 * of at least {@link SENDFILE_MIN_BYTES} running to the end of the file is sent, never what is sent.
 */
export function sendFileStream(res: Response, file: FileToSend, sendfile: SendfileLookup = sendfileProgram): void {
  const { path, track, ...opts } = file;
  let childBytes = () => 0;
  if (track && res.req.method !== 'HEAD') {
    const socket = res.socket;
    const start = socket?.bytesWritten ?? 0;
    const bytesDone = () => (socket ? socket.bytesWritten - start : 0) + childBytes();
    const transfer = track(bytesDone, socket?.remoteAddress ?? null);
    res.once('close', () => transfer.end());
  }
  if (opts.etag) res.setHeader('ETag', `"${opts.etag}"`);
  if (fastPathApplies(res.req)) {
    const body = { sendfile, onChildProgress: (bytes: () => number) => (childBytes = bytes) };
    fastSend(res, path, opts.contentType, opts.etag, body).catch((err: Error & { code?: string }) => {
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

/** How {@link fastSend} may send a body: the sendfile lookup, and where to report a child's progress. */
interface BodyRoute {
  sendfile: SendfileLookup;
  onChildProgress: (bytesSent: () => number) => void;
}

/**
 * Answers 200, 206 (one range) or 416 with the head built here, then the body: by a sendfile child when
 * {@link sendfileFor} allows it (plus `Connection: close`), else by {@link writeFileRange}. Rejects before the head is
 * sent when the file cannot be opened (ENOENT: gone); after it, the connection is destroyed by the caller.
 */
async function fastSend(
  res: Response,
  path: string,
  contentType: string,
  etag: string | undefined,
  route: BodyRoute,
): Promise<void> {
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    const size = st.size;
    const tag = etag ? `"${etag}"` : `W/"${size.toString(16)}-${st.mtime.getTime().toString(16)}"`;
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
      'Last-Modified': st.mtime.toUTCString(),
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (res.req.method === 'HEAD' || end < start) {
      res.end();
      return;
    }
    const program = await sendfileFor(res, file, [start, end], size, route.sendfile);
    if (program) res.set('Connection', 'close');
    res.flushHeaders();
    if (program) {
      await headOnTheWire(res);
      const outcome = await sendFileTail(res.socket!, file.fd, end - start + 1, program, route.onChildProgress);
      if (outcome === 'sent') res.end();
      if (outcome === 'broken') res.destroy();
      if (outcome !== 'not-started') return;
    }
    await writeFileRange(file, res, start, end);
    if (!res.destroyed) res.end();
  } finally {
    await file.close();
  }
}

/**
 * The sendfile program when the body of `range` should go by sendfile: it runs to the end of the file, is at least
 * {@link SENDFILE_MIN_BYTES}, the client is still there, busybox is found and `file`'s offset could be moved to the
 * range's start. Null otherwise (the body is sent by Node). Never rejects.
 */
async function sendfileFor(
  res: Response,
  file: FileHandle,
  [start, end]: ByteRange,
  size: number,
  lookup: SendfileLookup,
): Promise<SendfileProgram | null> {
  if (end !== size - 1 || end - start + 1 < SENDFILE_MIN_BYTES) return null;
  const program = await lookup().catch(() => null);
  if (!program || !res.socket || res.socket.destroyed) return null;
  return start === 0 || (await seekFile(program, file.fd, start)) ? program : null;
}

/** Resolves once everything written to the response's socket so far (the head) was handed to the kernel. */
function headOnTheWire(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const socket = res.socket;
    if (!socket || socket.destroyed || socket.writableLength === 0) return resolve();
    socket.write(Buffer.alloc(0), () => resolve());
  });
}
