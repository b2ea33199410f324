import { Injectable, Logger } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { AuxiliarySuffix, RepositoryImage, RepositoryImageList } from '@og/contracts';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { ImageException } from '@repository/modules/images/images.exception';
import { readUploadDeclaration } from '@repository/modules/images/upload-declaration';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageStore, ReceivedUpload } from '@repository/modules/store/image-store.adapter';

/** An upload as the service sees it: the body stream, its headers and (after the end) its trailers. */
export type UploadRequest = Readable & { headers: IncomingHttpHeaders; trailers: NodeJS.Dict<string> };

/** A file to stream back. */
export interface FileToSend {
  path: string;
  contentType: string;
  /** Strong entity tag (the full MD5) when known. */
  etag?: string;
}

const AUX_CONTENT_TYPES: Record<AuxiliarySuffix, string> = {
  sum: 'text/plain; charset=utf-8',
  'full.sum': 'text/plain; charset=utf-8',
  size: 'text/plain; charset=utf-8',
  info: 'text/plain; charset=utf-8',
  torrent: 'application/x-bittorrent',
};

/** Rules of the image store: listing, uploads (verified, atomic, one at a time per name) and downloads. */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);
  /** Names with an upload in progress (this process serves the directory alone). */
  private readonly uploading = new Set<string>();

  constructor(
    private readonly store: ImageStore,
    private readonly catalog: ImageCatalog,
    private readonly auxQueue: AuxiliaryFilesQueue,
    private readonly outbox: WebhookOutbox,
  ) {}

  /** Every image and the disk usage. */
  list(): Promise<RepositoryImageList> {
    return this.catalog.list();
  }

  /** @throws ImageException IMAGE_NOT_FOUND */
  async get(name: string): Promise<RepositoryImage> {
    const image = await this.catalog.describe(name);
    if (!image) throw new ImageException('IMAGE_NOT_FOUND', `image ${name} not found`);
    return image;
  }

  /**
   * Receives a new version of `<name>.img`: streams it to a temporary file, checks the declared MD5 and length,
   * then moves it into place, queues its auxiliary files and emits `image.received`. The previous version stays
   * untouched unless the new one is complete and verified.
   * @throws ImageException UPLOAD_IN_PROGRESS, UPLOAD_UNSUPPORTED_MEDIA_TYPE, UPLOAD_ABORTED,
   *         UPLOAD_CHECKSUM_MISSING, UPLOAD_CHECKSUM_MISMATCH
   */
  async receive(name: string, req: UploadRequest): Promise<RepositoryImage> {
    const type = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
    if (type !== 'application/octet-stream')
      throw new ImageException('UPLOAD_UNSUPPORTED_MEDIA_TYPE', 'upload bodies must be application/octet-stream');
    if (this.uploading.has(name))
      throw new ImageException('UPLOAD_IN_PROGRESS', `an upload of ${name} is already in progress`);
    this.uploading.add(name);
    try {
      const received = await this.receiveBody(name, req);
      await this.verify(received, req);
      await this.store.commit(name, received.tempPath);
      this.logger.log({ image: name, sizeBytes: received.length, md5: received.md5 }, 'image received');
      await this.auxQueue.enqueue(name);
      const image = await this.get(name);
      await this.outbox.emit({ event: 'image.received', image });
      return image;
    } finally {
      this.uploading.delete(name);
    }
  }

  /** Path of `<name>.img` to stream. @throws ImageException IMAGE_NOT_FOUND */
  async imageFile(name: string): Promise<FileToSend> {
    const image = await this.get(name);
    return {
      path: this.store.files(name).image,
      contentType: 'application/octet-stream',
      etag: image.fullSum ?? undefined,
    };
  }

  /** Path of `<name>.img.<suffix>`. @throws ImageException IMAGE_NOT_FOUND, AUXILIARY_FILE_NOT_FOUND */
  async auxiliaryFile(name: string, suffix: AuxiliarySuffix): Promise<FileToSend> {
    const image = await this.get(name);
    if (image.status === 'invalid' || !(await this.store.hasExtra(name, suffix)))
      throw new ImageException(
        'AUXILIARY_FILE_NOT_FOUND',
        `${name}.img.${suffix} is not available (image ${image.status})`,
      );
    return { path: this.store.files(name).extra(suffix), contentType: AUX_CONTENT_TYPES[suffix] };
  }

  private async receiveBody(name: string, req: UploadRequest): Promise<ReceivedUpload> {
    try {
      return await this.store.receive(name, req);
    } catch (err) {
      this.logger.warn({ image: name, error: (err as Error).message }, 'upload aborted; previous version kept');
      throw new ImageException('UPLOAD_ABORTED', `upload interrupted: ${(err as Error).message}`);
    }
  }

  private async verify(received: ReceivedUpload, req: UploadRequest): Promise<void> {
    const declared = readUploadDeclaration(req);
    const problem = !declared.ok
      ? ({ code: 'UPLOAD_CHECKSUM_MISSING', message: declared.problem } as const)
      : declared.value.md5 !== received.md5 || declared.value.length !== received.length
        ? ({ code: 'UPLOAD_CHECKSUM_MISMATCH', message: 'the body does not match the declared MD5/length' } as const)
        : null;
    if (!problem) return;
    await this.store.discard(received.tempPath);
    throw new ImageException(problem.code, problem.message, {
      receivedMd5: received.md5,
      receivedLength: received.length,
      ...(declared.ok ? { declaredMd5: declared.value.md5, declaredLength: declared.value.length } : {}),
    });
  }
}
