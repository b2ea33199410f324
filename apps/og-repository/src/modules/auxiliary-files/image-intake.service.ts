import { Injectable, Logger } from '@nestjs/common';
import type { RepositoryImage } from '@og/contracts';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore } from '@repository/modules/store/image-store.adapter';

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
