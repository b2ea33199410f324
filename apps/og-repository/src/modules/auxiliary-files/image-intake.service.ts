import { Injectable, Logger } from '@nestjs/common';
import type { RepositoryImage } from '@og/contracts';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore } from '@repository/modules/store/image-store.adapter';
import { volumeSetProblem } from '@repository/modules/store/image-volumes';
import { isPartimageHead } from '@og/imaging';

/** Outcome of {@link ImageIntake.joinVolumes}. */
export type JoinOutcome =
  { result: 'joined'; volumes: number; sizeBytes: number } | { result: 'refused'; reason: string } | { result: 'busy' };

/**
 * Takes in images that appear in the directory outside an upload (startup scan, watcher, rescan, recovery):
 * an unlocked `<name>.img` still `processing` with no job gets its auxiliary-files job and an `image.received`.
 */
@Injectable()
export class ImageIntake {
  private readonly logger = new Logger(ImageIntake.name);
  /** Names being adopted now (the watcher, a rescan and a recovery may race on one name). */
  private readonly adopting = new Set<string>();

  constructor(
    private readonly store: ImageStore,
    private readonly catalog: ImageCatalog,
    private readonly locks: ImageLocks,
    private readonly queue: AuxiliaryFilesQueue,
    private readonly outbox: WebhookOutbox,
  ) {}

  /**
   * Queues `name` when it needs its auxiliary files; returns the image when it was queued, null otherwise.
   * @param announce emit `image.received` when queued (a new file), not for a recovered one.
   */
  async adopt(name: string, announce = true, pending?: Set<string>): Promise<RepositoryImage | null> {
    if (this.adopting.has(name)) return null;
    this.adopting.add(name);
    try {
      return await this.adoptAlone(name, announce, pending);
    } finally {
      this.adopting.delete(name);
    }
  }

  private async adoptAlone(name: string, announce: boolean, pending?: Set<string>): Promise<RepositoryImage | null> {
    if (await this.locks.isLocked(name)) return null;
    const image = await this.catalog.describe(name);
    if (image?.status !== 'processing') return null;
    if ((pending ?? (await this.queue.pendingNames())).has(name)) return null;
    this.logger.log({ image: name }, 'auxiliary files missing or stale: queued');
    await this.queue.enqueue(name);
    if (announce) await this.outbox.emit({ event: 'image.received', image });
    return image;
  }

  /**
   * Joins the volumes `<name>.img.aa`, `.ab`… (or `.000`, `.001`…) dropped in by hand into `<name>.img`, holding the
   * image's lock: streamed concatenation into a temporary file, installed like an upload (a previous `<name>.img`
   * becomes `.ant`), then the volumes are deleted and the image is taken in (auxiliary-files job, `image.received`).
   * An incomplete run (first volume or one in the middle missing) or a split partimage image (each of its volumes
   * has its own header: partimage restores them, not `cat`) is refused and left untouched.
   */
  async joinVolumes(name: string): Promise<JoinOutcome> {
    const suffixes = (await this.store.listVolumeSets()).get(name) ?? [];
    const problem =
      volumeSetProblem(suffixes) ??
      (suffixes.length > 1 && isPartimageHead(await this.store.readVolumeHead(name, suffixes[1], 16))
        ? 'the volumes of a split partimage image each start with a volume header; join them with partimage'
        : null);
    if (problem) {
      this.logger.warn({ image: name, volumes: suffixes, reason: problem }, 'volumes not joined');
      return { result: 'refused', reason: problem };
    }
    const lock = await this.locks.acquire(name, 'join');
    if (!lock) return { result: 'busy' };
    let joined: { tempPath: string; length: number };
    try {
      joined = await this.store.joinVolumes(name, suffixes);
      await this.store.commit(name, joined.tempPath);
      await this.store.removeVolumes(name, suffixes);
    } finally {
      await lock.release();
    }
    this.logger.log({ image: name, volumes: suffixes.length, sizeBytes: joined.length }, 'volumes joined');
    await this.adopt(name);
    return { result: 'joined', volumes: suffixes.length, sizeBytes: joined.length };
  }

  /** Rescan of the directory: adopts every image that needs it, reports and cleans the ones that vanished. */
  async rescan(): Promise<{ queued: string[]; vanished: string[] }> {
    const pending = await this.queue.pendingNames();
    const queued: string[] = [];
    for (const name of await this.store.listNames()) if (await this.adopt(name, true, pending)) queued.push(name);
    const vanished = await this.store.listOrphans();
    for (const name of vanished) {
      const image = await this.catalog.describeVanished(name);
      await this.outbox.emit({ event: 'image.vanished', image });
      await this.store.removeExtras(name);
      this.logger.warn({ image: name }, 'image vanished from the directory; its leftover files were removed');
    }
    return { queued, vanished };
  }
}
