import { Inject, Injectable, Logger } from '@nestjs/common';
import { formatImageInfo } from '@og/contracts';
import { hasPartimageTail, RecognisedImage, recogniseImage } from '@og/imaging';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';
import {
  DigestProgress,
  digestImageFile,
  ImageDigest,
  sumImageFile,
  TORRENT_PIECE_BYTES,
} from '@repository/modules/auxiliary-files/image-digest';
import { buildTorrent } from '@repository/modules/auxiliary-files/torrent-file';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageMeta, ImageSource } from '@repository/modules/store/image-meta';
import { ImageStore } from '@repository/modules/store/image-store.adapter';

/** How a computation ended. */
export type AuxiliaryOutcome =
  { result: 'ready'; info: string } | { result: 'invalid'; reason: string } | { result: 'gone' } | { result: 'stale' };

/**
 * Computes and writes `<name>.img.{sum,full.sum,size,info,torrent}` (+ `meta.json`), or marks the image
 * invalid (`<name>.img.invalid` holding the reason). Emits `image.aux-ready` / `image.invalid`.
 * File formats: `.sum`, `.full.sum` = 32 lower-case hex chars; `.size` = decimal bytes; `.info` =
 * `PARTCLONE:<COMP>:<FS>:<KiB>`; all without a trailing newline (OpenGnsys' `echo` adds one: readers trim).
 */
@Injectable()
export class AuxiliaryFilesService {
  private readonly logger = new Logger(AuxiliaryFilesService.name);

  constructor(
    @Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig,
    private readonly store: ImageStore,
    private readonly catalog: ImageCatalog,
    private readonly outbox: WebhookOutbox,
  ) {}

  /**
   * One pass over `<name>.img`. When the file was replaced meanwhile (new upload), nothing is written:
   * the new version has its own job.
   */
  async compute(name: string, onProgress?: (p: DigestProgress) => void | Promise<void>): Promise<AuxiliaryOutcome> {
    const file = await this.store.openImage(name);
    if (!file) return { result: 'gone' };
    let digest: ImageDigest;
    let opened: { ino: number; mtimeMs: number; size: number };
    let source: ImageSource;
    try {
      const st = await file.stat();
      opened = { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size };
      source = { ino: st.ino, sizeBytes: st.size };
      digest = await digestImageFile(file, st.size, onProgress, this.config.streamCheck);
    } finally {
      await file.close();
    }
    const now = await this.store.statImage(name);
    if (!now || now.ino !== opened.ino || now.mtimeMs !== opened.mtimeMs || now.size !== opened.size) {
      this.logger.log({ image: name }, 'image replaced while computing its auxiliary files; results dropped');
      return { result: 'stale' };
    }

    const verdict = await this.judge(digest);
    if ('reason' in verdict) {
      await this.markInvalid(name, verdict.reason, source);
      return { result: 'invalid', reason: verdict.reason };
    }
    await this.writeAuxiliaryFiles(name, digest, verdict, source);
    const image = await this.catalog.describe(name);
    if (image) await this.outbox.emit({ event: 'image.aux-ready', image });
    const info = formatImageInfo(verdict.info);
    this.logger.log({ image: name, info, fullSum: digest.fullMd5 }, 'auxiliary files written');
    return { result: 'ready', info };
  }

  /** `.sum` and `.full.sum` recomputed now from `<name>.img` in one read; null when the file is gone. */
  async recomputeSums(name: string): Promise<{ sum: string; fullSum: string } | null> {
    const file = await this.store.openImage(name);
    if (!file) return null;
    try {
      return await sumImageFile(file, (await file.stat()).size);
    } finally {
      await file.close();
    }
  }

  private async judge(digest: ImageDigest): Promise<RecognisedImage | { reason: string }> {
    if (digest.sizeBytes === 0) return { reason: 'empty file' };
    let image: RecognisedImage;
    try {
      image = await recogniseImage(digest.head);
    } catch (err) {
      return { reason: (err as Error).message };
    }
    if (!digest.integrity.ok)
      return { reason: `corrupt or truncated ${digest.compressor} stream: ${digest.integrity.reason}` };
    if (image.info.tool === 'PARTIMAGE' && digest.compressor === 'NONE' && !hasPartimageTail(digest.end))
      return { reason: "truncated partimage image: it does not end with partimage's tail (MAGIC-BEGIN-TAIL)" };
    if (image.info.tool === 'DD' && digest.compressor === 'NONE' && digest.sizeBytes < image.deviceSizeBytes)
      return { reason: `truncated raw image: ${digest.sizeBytes} bytes of a ${image.deviceSizeBytes}-byte device` };
    return image;
  }

  private async writeAuxiliaryFiles(
    name: string,
    digest: ImageDigest,
    image: RecognisedImage,
    source: ImageSource,
  ): Promise<void> {
    const meta: ImageMeta = {
      source,
      usedBytes: image.usedBytes,
      deviceSizeBytes: image.deviceSizeBytes,
      blockSize: image.blockSize,
      partcloneVersion: image.toolVersion,
    };
    const torrent = buildTorrent({
      announce: this.config.trackerUrl,
      fileName: this.store.files(name).image.split('/').pop() as string,
      length: digest.sizeBytes,
      pieceLength: TORRENT_PIECE_BYTES,
      pieces: digest.pieces,
      comment: digest.fullMd5,
      creationDate: Math.floor(Date.now() / 1000),
    });
    await this.store.removeExtra(name, 'invalid');
    await this.store.writeExtra(name, 'meta.json', JSON.stringify(meta));
    await this.store.writeExtra(name, 'sum', digest.tailMd5);
    await this.store.writeExtra(name, 'full.sum', digest.fullMd5);
    await this.store.writeExtra(name, 'size', String(digest.sizeBytes));
    await this.store.writeExtra(name, 'info', formatImageInfo(image.info));
    await this.store.writeExtra(name, 'torrent', torrent);
  }

  private async markInvalid(name: string, reason: string, source: ImageSource): Promise<void> {
    await this.store.removeExtras(name);
    await this.store.writeExtra(name, 'invalid', reason);
    await this.store.writeExtra(name, 'meta.json', JSON.stringify({ source }));
    this.logger.warn({ image: name, reason }, 'image is invalid');
    const image = await this.catalog.describe(name);
    if (image) await this.outbox.emit({ event: 'image.invalid', image, reason });
  }
}
