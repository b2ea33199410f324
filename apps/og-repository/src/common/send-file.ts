import type { Response } from 'express';
import type { FileToSend } from '@repository/modules/images/image-transfers.service';
import { STREAM_CHUNK_BYTES } from '@repository/modules/store/image-store.adapter';

/**
 * Streams a file with express' `sendFile` (the `send` library): `Range`/`If-Range`, `ETag`, `Last-Modified`,
 * `HEAD`, 206/416, read in {@link STREAM_CHUNK_BYTES} chunks. A strong `etag` given here replaces send's weak one.
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
  res.sendFile(
    path,
    {
      dotfiles: 'allow',
      acceptRanges: true,
      cacheControl: false,
      lastModified: true,
      etag: !opts.etag,
      headers: { 'Content-Type': opts.contentType },
      highWaterMark: STREAM_CHUNK_BYTES,
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
