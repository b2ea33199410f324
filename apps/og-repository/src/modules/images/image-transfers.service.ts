import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import {
  AuxiliarySuffix,
  IMAGE_STREAM_UPGRADE,
  OG_HEADERS,
  RepositoryImage,
  RepositoryImportRequest,
  repositoryPaths,
} from '@og/contracts';
import { ImageStreamReceipt, ImageStreamSink, ImageStreamWriteError, refuseUpgrade } from '@og/imaging';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { errorBodyOf, ImageException } from '@repository/modules/images/images.exception';
import {
  DeclarationCheck,
  readUploadDeclaration,
  UPLOAD_DIGESTS,
  UploadDigestAlgorithm,
  uploadDigestAlgorithm,
} from '@repository/modules/images/upload-declaration';
import { RepositoryEventDraft, WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { HeldLock, ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore, ReceivedUpload, StoreFullError } from '@repository/modules/store/image-store.adapter';
import { TrackedTransfer, TransferRegistry } from '@repository/modules/store/transfer-registry';

/** An upload as the service sees it: the body stream, its headers, (after the end) its trailers, and the peer. */
export type UploadRequest = Readable & {
  headers: IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  socket?: { remoteAddress?: string };
};

/** A file to stream back. */
export interface FileToSend {
  path: string;
  contentType: string;
  /** Strong entity tag (the full MD5) when known. */
  etag?: string;
  /** Registers the download in `GET /status`; `measure` returns the bytes sent so far. */
  track?: (measure: () => number, peer: string | null) => TrackedTransfer;
}

const AUX_CONTENT_TYPES: Record<AuxiliarySuffix, string> = {
  sum: 'text/plain; charset=utf-8',
  'full.sum': 'text/plain; charset=utf-8',
  size: 'text/plain; charset=utf-8',
  info: 'text/plain; charset=utf-8',
  torrent: 'application/x-bittorrent',
};

/** Milliseconds the source repository may take to start answering an import. */
const IMPORT_CONNECT_TIMEOUT_MS = 30_000;

/**
 * Image bytes in and out: uploads and imports (verified, then installed atomically with the previous version kept as
 * `.ant`; one at a time per name across processes, by `<name>.img.lock`), downloads and auxiliary files.
 */
@Injectable()
export class ImageTransfersService {
  private readonly logger = new Logger(ImageTransfersService.name);

  constructor(
    private readonly store: ImageStore,
    private readonly catalog: ImageCatalog,
    private readonly locks: ImageLocks,
    private readonly auxQueue: AuxiliaryFilesQueue,
    private readonly outbox: WebhookOutbox,
    private readonly transfers: TransferRegistry,
  ) {}

  /**
   * Receives a new version of `<name>.img`: streams it to a temporary file, checks the declared digest (SHA-256 when
   * the sender announces `x-og-content-sha256`, else MD5) and length, then installs it (see {@link install}) and emits
   * `image.received`.
   * @throws ImageException UPLOAD_IN_PROGRESS, UPLOAD_UNSUPPORTED_MEDIA_TYPE, UPLOAD_ABORTED, INSUFFICIENT_STORAGE,
   *         UPLOAD_CHECKSUM_MISSING, UPLOAD_CHECKSUM_MISMATCH
   */
  async receive(name: string, req: UploadRequest): Promise<RepositoryImage> {
    checkUploadContentType(req.headers);
    const expected = announcedLength(req.headers);
    const algorithm = uploadDigestAlgorithm(req.headers);
    return this.locked(name, 'upload', expected, req.socket?.remoteAddress ?? null, async (transfer) => {
      const received = await this.receiveBody(name, req, expected, 'upload', transfer, algorithm);
      await this.verify(received, readUploadDeclaration(req, received.algorithm));
      return this.install(name, received, (image) => ({ event: 'image.received', image }));
    });
  }

  /**
   * Receives a new version of `<name>.img` by the {@link IMAGE_STREAM_UPGRADE} protocol on `socket`, an upgrade
   * request already checked for its token, name and content type, not read beyond its head. Holds the same lock as
   * {@link receive}; refuses before the upgrade (`refuseUpgrade`, the REST error body: 409 UPLOAD_IN_PROGRESS, 507
   * INSUFFICIENT_STORAGE when `expectedBytes` do not fit or the temporary file cannot be created for lack of space,
   * 500 for another failure to create it); else hands the
   * connection to a sink child that answers 101 and writes the bytes, checks its trailer (400
   * UPLOAD_CHECKSUM_MISSING / UPLOAD_CHECKSUM_MISMATCH, details as {@link receive}), installs like {@link receive}
   * (`image.received`, auxiliary files queued) and answers the JSON line `{ status: 201, body: RepositoryImage }`, or
   * `{ status, body: error }` (507 when the disk filled up). An upload that breaks off is logged and dropped with its
   * connection. Never rejects: every outcome is answered on the socket; the temporary file never outlives the call.
   * @param peer remote address shown in `GET /status`
   * @param expectedBytes size the sender announced (`x-og-content-length` header), checked against the free space
   */
  async receiveStream(
    name: string,
    socket: Socket,
    opts: { peer: string | null; expectedBytes: number | null },
  ): Promise<void> {
    let sink: ImageStreamSink | null = null;
    try {
      const image = await this.locked(name, 'upload', opts.expectedBytes, opts.peer, async (transfer) => {
        await this.store.checkRoom(opts.expectedBytes).catch((err: Error) => this.storeFull(name, err));
        const tempPath = this.store.files(name).temp('upload', randomUUID());
        sink = await ImageStreamSink.start(socket, { tempPath, onBytes: (n) => transfer.add(n) }).catch((err: Error) =>
          this.storeFull(name, err),
        );
        try {
          const { received, declared } = await this.receiveStreamBody(name, tempPath, sink);
          await this.verify(received, declared);
          return await this.install(name, received, (image) => ({ event: 'image.received', image }));
        } finally {
          await this.store.discard(tempPath); // gone already when installed
        }
      });
      await (sink as ImageStreamSink | null)?.answer({ status: HttpStatus.CREATED, body: image });
    } catch (err) {
      const started = sink as ImageStreamSink | null;
      if (started && err instanceof StreamBrokenOff) return started.kill(); // logged: no one left to answer
      const body = errorBodyOf(err);
      if (body.correlationId)
        this.logger.error(
          { image: name, correlationId: body.correlationId, err: (err as Error).stack },
          'streamed upload failed',
        );
      if (!started) refuseUpgrade(socket, body.statusCode, body);
      else await started.answer({ status: body.statusCode, body });
    }
  }

  /**
   * Pulls `<name>.img` from another og-repository: reads its `.full.sum`, streams the file in, checks the MD5, then
   * installs it like an upload and emits `image.imported`.
   * @throws ImageException UPLOAD_IN_PROGRESS, IMPORT_SOURCE_NOT_READY, IMPORT_SOURCE_FAILED,
   *         IMPORT_CHECKSUM_MISMATCH, INSUFFICIENT_STORAGE
   */
  async importFrom(name: string, source: RepositoryImportRequest): Promise<RepositoryImage> {
    const base = source.url.replace(/\/+$/, '');
    const headers = { authorization: `Bearer ${source.token}` };
    return this.locked(name, 'import', null, base, async (transfer) => {
      const sumRes = await this.fetchSource(`${base}${repositoryPaths.auxiliaryFile(name, 'full.sum')}`, headers);
      if (sumRes.status === 404)
        throw new ImageException(
          'IMPORT_SOURCE_NOT_READY',
          `${name} has no .full.sum on ${base} (missing or not ready)`,
        );
      if (!sumRes.ok)
        throw new ImageException('IMPORT_SOURCE_FAILED', `${base} answered ${sumRes.status} for .full.sum`);
      const fullSum = (await sumRes.text()).trim().toLowerCase();
      if (!/^[0-9a-f]{32}$/.test(fullSum))
        throw new ImageException('IMPORT_SOURCE_FAILED', `${base} sent a malformed .full.sum`);
      const fileRes = await this.fetchSource(`${base}${repositoryPaths.imageFile(name)}`, headers);
      if (!fileRes.ok || !fileRes.body) {
        await fileRes.body?.cancel();
        throw new ImageException('IMPORT_SOURCE_FAILED', `${base} answered ${fileRes.status} for ${name}.img`);
      }
      const expected = Number(fileRes.headers.get('content-length')) || null;
      transfer.setTotal(expected);
      const body = Readable.fromWeb(fileRes.body as import('node:stream/web').ReadableStream);
      try {
        const received = await this.receiveBody(name, body, expected, 'import', transfer);
        if (received.digest !== fullSum) {
          await this.store.discard(received.tempPath);
          throw new ImageException(
            'IMPORT_CHECKSUM_MISMATCH',
            `${name}.img from ${base} does not match its .full.sum`,
            {
              expected: fullSum,
              received: received.digest,
            },
          );
        }
        return await this.install(name, received, (image) => ({
          event: 'image.imported',
          image,
          source: { url: base, fullSum },
        }));
      } finally {
        body.destroy();
      }
    });
  }

  /** Path of `<name>.img` to stream. @throws ImageException IMAGE_NOT_FOUND */
  async imageFile(name: string): Promise<FileToSend> {
    const image = await this.describe(name);
    return {
      path: this.store.files(name).image,
      contentType: 'application/octet-stream',
      etag: image.fullSum ?? undefined,
      track: (measure, peer) => this.transfers.start('download', name, image.sizeBytes, peer, measure),
    };
  }

  /**
   * Path of `<name>.img.<suffix>`, served only for a `ready` image (else the file may describe another version).
   * @throws ImageException IMAGE_NOT_FOUND, AUXILIARY_FILE_NOT_FOUND
   */
  async auxiliaryFile(name: string, suffix: AuxiliarySuffix): Promise<FileToSend> {
    const image = await this.describe(name);
    if (image.status !== 'ready' || !(await this.store.hasExtra(name, suffix)))
      throw new ImageException(
        'AUXILIARY_FILE_NOT_FOUND',
        `${name}.img.${suffix} is not available (image ${image.status})`,
      );
    return { path: this.store.files(name).extra(suffix), contentType: AUX_CONTENT_TYPES[suffix] };
  }

  private async describe(name: string): Promise<RepositoryImage> {
    const image = await this.catalog.describe(name);
    if (!image) throw new ImageException('IMAGE_NOT_FOUND', `image ${name} not found`);
    return image;
  }

  /** Runs `work` holding `<name>.img.lock` and a tracked transfer. */
  private async locked<T>(
    name: string,
    purpose: 'upload' | 'import',
    expected: number | null,
    peer: string | null,
    work: (transfer: TrackedTransfer) => Promise<T>,
  ): Promise<T> {
    const lock: HeldLock | null = await this.locks.acquire(name, purpose);
    if (!lock) throw new ImageException('UPLOAD_IN_PROGRESS', `an upload or import of ${name} is already in progress`);
    const transfer = this.transfers.start(purpose, name, expected, peer);
    try {
      return await work(transfer);
    } finally {
      transfer.end();
      await lock.release();
    }
  }

  /** The verified file becomes `<name>.img` (the old one `.ant`); its auxiliary files are queued; `event` is emitted. */
  private async install(
    name: string,
    received: ReceivedUpload,
    event: (image: RepositoryImage) => RepositoryEventDraft,
  ): Promise<RepositoryImage> {
    const { backedUp } = await this.store.commit(name, received.tempPath);
    this.logger.log(
      { image: name, sizeBytes: received.length, [received.algorithm]: received.digest, backedUp },
      'image installed',
    );
    await this.auxQueue.enqueue(name);
    const image = await this.describe(name);
    await this.outbox.emit(event(image));
    return image;
  }

  private async receiveBody(
    name: string,
    body: Readable,
    expectedBytes: number | null,
    purpose: 'upload' | 'import',
    transfer: TrackedTransfer,
    algorithm: UploadDigestAlgorithm = 'md5',
  ): Promise<ReceivedUpload> {
    try {
      const onBytes = (n: number) => transfer.add(n);
      return await this.store.receive(name, body, { expectedBytes, purpose, onBytes, algorithm });
    } catch (err) {
      if (err instanceof StoreFullError) this.storeFull(name, err);
      this.logger.warn({ image: name, error: (err as Error).message }, `${purpose} aborted; previous version kept`);
      if (purpose === 'import')
        throw new ImageException('IMPORT_SOURCE_FAILED', `import interrupted: ${(err as Error).message}`);
      throw new ImageException('UPLOAD_ABORTED', `upload interrupted: ${(err as Error).message}`);
    }
  }

  /**
   * What the sink wrote, as {@link ReceivedUpload} (SHA-256), and what the sender's trailer declared.
   * @throws ImageException INSUFFICIENT_STORAGE (disk full), UPLOAD_ABORTED (another write error, answered);
   *         StreamBrokenOff when the connection broke (nothing to answer)
   */
  private async receiveStreamBody(
    name: string,
    tempPath: string,
    sink: ImageStreamSink,
  ): Promise<{ received: ReceivedUpload; declared: DeclarationCheck }> {
    try {
      const got = await sink.received;
      return {
        received: { tempPath, algorithm: 'sha256', digest: got.sha256, length: got.length },
        declared: streamDeclaration(got),
      };
    } catch (err) {
      if (err instanceof ImageStreamWriteError && err.code === 'ENOSPC') this.storeFull(name, err);
      this.logger.warn({ image: name, error: (err as Error).message }, 'upload aborted; previous version kept');
      if (err instanceof ImageStreamWriteError)
        throw new ImageException('UPLOAD_ABORTED', `upload interrupted: ${err.message}`);
      throw new StreamBrokenOff((err as Error).message);
    }
  }

  /** Logs a full store and turns it into 507 INSUFFICIENT_STORAGE (other errors are rethrown as they are). */
  private storeFull(name: string, err: Error): never {
    if (err instanceof StoreFullError || (err instanceof ImageStreamWriteError && err.code === 'ENOSPC')) {
      this.logger.warn({ image: name, error: err.message }, 'repository full; nothing kept');
      throw new ImageException('INSUFFICIENT_STORAGE', `not enough space for ${name}.img: ${err.message}`);
    }
    throw err;
  }

  /**
   * Checks `received` against what the sender declared (HTTP trailers or headers, or the stream's trailer); on a
   * missing or different declaration deletes the temporary file.
   * @throws ImageException UPLOAD_CHECKSUM_MISSING, UPLOAD_CHECKSUM_MISMATCH (details: received and declared
   *         digest and length)
   */
  private async verify(received: ReceivedUpload, declared: DeclarationCheck): Promise<void> {
    const { label, detailKey } = UPLOAD_DIGESTS[received.algorithm];
    const problem = !declared.ok
      ? ({ code: 'UPLOAD_CHECKSUM_MISSING', message: declared.problem } as const)
      : declared.value.digest !== received.digest || declared.value.length !== received.length
        ? ({
            code: 'UPLOAD_CHECKSUM_MISMATCH',
            message: `the body does not match the declared ${label}/length`,
          } as const)
        : null;
    if (!problem) return;
    await this.store.discard(received.tempPath);
    throw new ImageException(problem.code, problem.message, {
      [`received${detailKey}`]: received.digest,
      receivedLength: received.length,
      ...(declared.ok
        ? { [`declared${detailKey}`]: declared.value.digest, declaredLength: declared.value.length }
        : {}),
    });
  }

  /** GET with a timeout on the answer's head only (the body of an image may take long). */
  private async fetchSource(url: string, headers: Record<string, string>): Promise<Response> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('no answer in time')), IMPORT_CONNECT_TIMEOUT_MS);
    try {
      return await fetch(url, { headers, signal: abort.signal });
    } catch (err) {
      throw new ImageException('IMPORT_SOURCE_FAILED', `${url}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A streamed upload broke off (sender gone, idle, sink killed): there is no one to answer. */
class StreamBrokenOff extends Error {}

/** The declaration of a streamed upload: its trailer (SHA-256 and length), or why it has none. */
function streamDeclaration(got: ImageStreamReceipt): DeclarationCheck {
  if (!got.declared)
    return {
      ok: false,
      problem: `the stream did not end with the ${IMAGE_STREAM_UPGRADE} trailer (SHA-256 and length)`,
    };
  const { sha256, length } = got.declared;
  return { ok: true, value: { algorithm: 'sha256', digest: sha256.toLowerCase(), length, source: 'trailers' } };
}

/**
 * Checks an upload's `Content-Type` (application/octet-stream, or none).
 * @throws ImageException UPLOAD_UNSUPPORTED_MEDIA_TYPE
 */
export function checkUploadContentType(headers: IncomingHttpHeaders): void {
  const type = (headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
  if (type !== 'application/octet-stream')
    throw new ImageException('UPLOAD_UNSUPPORTED_MEDIA_TYPE', 'upload bodies must be application/octet-stream');
}

/** Body size announced up front: `Content-Length`, else an `x-og-content-length` header; null when unknown. */
export function announcedLength(headers: IncomingHttpHeaders): number | null {
  const raw = headers['content-length'] ?? headers[OG_HEADERS.contentLength];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
