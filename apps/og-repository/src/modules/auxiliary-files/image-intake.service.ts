import { Injectable, Logger } from '@nestjs/common';
import type { RepositoryImage } from '@og/contracts';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore } from '@repository/modules/store/image-store.adapter';

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
  /** Name → `<volume identity>|<reason>` of the refused volume sets reported, so each state is reported once. */
  private readonly refusals = new Map<string, string>();

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
   * A set that cannot be joined ({@link ImageCatalog.volumeSetProblem}) is left untouched and reported as
   * `image.invalid` (once per state of its volumes; not when a `<name>.img` exists, which stays as it is).
   * `busy` when the name is locked or its volumes changed meanwhile (someone else is joining them).
   */
  async joinVolumes(name: string): Promise<JoinOutcome> {
    const suffixes = (await this.store.listVolumeSets()).get(name) ?? [];
    const problem = await this.catalog.volumeSetProblem(name, suffixes);
    if (problem) {
      await this.reportRefused(name, suffixes, problem);
      return { result: 'refused', reason: problem };
    }
    const lock = await this.locks.acquire(name, 'join');
    if (!lock) return { result: 'busy' };
    let joined: { tempPath: string; length: number };
    try {
      if (((await this.store.listVolumeSets()).get(name) ?? []).join() !== suffixes.join()) return { result: 'busy' };
      joined = await this.store.joinVolumes(name, suffixes);
      await this.store.commit(name, joined.tempPath);
      await this.store.removeVolumes(name, suffixes);
    } finally {
      await lock.release();
    }
    this.refusals.delete(name);
    this.logger.log({ image: name, volumes: suffixes.length, sizeBytes: joined.length }, 'volumes joined');
    await this.adopt(name);
    return { result: 'joined', volumes: suffixes.length, sizeBytes: joined.length };
  }

  private async reportRefused(name: string, suffixes: string[], reason: string): Promise<void> {
    this.logger.warn({ image: name, volumes: suffixes, reason }, 'volumes not joined');
    // og-core knows the image by its <name>.img: an invalid report would hide that it is still deployable
    if (await this.store.statImage(name)) return;
    const state = `${await this.store.volumeIdentity(name)}|${reason}`;
    if (this.refusals.get(name) === state) return;
    const image = await this.catalog.describeRefusedVolumes(name, suffixes, reason);
    if (!image) return;
    this.refusals.set(name, state);
    await this.outbox.emit({ event: 'image.invalid', image, reason: image.invalidReason ?? reason });
  }

  /**
   * Rescan of the directory: joins the volume sets (as the watcher does, reporting the ones refused), adopts every
   * image that needs it, reports and cleans the ones that vanished. `queued` includes the images just joined.
   */
  async rescan(): Promise<{ queued: string[]; vanished: string[] }> {
    const queued: string[] = [];
    for (const name of (await this.store.listVolumeSets()).keys()) {
      const outcome = await this.joinVolumes(name).catch((err: Error) => {
        this.logger.error({ image: name, error: err.message }, 'could not join the volumes');
        return null;
      });
      if (outcome?.result === 'joined') queued.push(name);
    }
    const pending = await this.queue.pendingNames();
    for (const name of await this.store.listNames())
      if (!queued.includes(name) && (await this.adopt(name, true, pending))) queued.push(name);
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
