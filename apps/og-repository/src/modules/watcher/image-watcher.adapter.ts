import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';
import { ImageIntake } from '@repository/modules/auxiliary-files/image-intake.service';
import { IMAGE_FILE_NAME } from '@repository/modules/store/image-files';
import { ImageStore } from '@repository/modules/store/image-store.adapter';
import { IMAGE_VOLUME_FILE } from '@repository/modules/store/image-volumes';

/** What the watcher waits on: one `<name>.img`, or the volumes `<name>.img.aa`, `.ab`… of one image. */
type Watched = { kind: 'image' | 'volumes'; name: string };

/**
 * Picks up images copied in by hand, following OpenGnsys' rule: copied under another name, then renamed to
 * `<name>.img`. Only `<name>.img` names are considered, and only once their size, mtime and inode stay the same
 * for `OG_REPOSITORY_WATCH_STABLE_MS` (a file still being written is never processed). At boot every `<name>.img`
 * goes through the same check (the startup scan). Volumes of a split image (`<name>.img.aa`, `.ab`…, or `.000`…)
 * are joined into `<name>.img` once none of them has changed for the same delay.
 */
@Injectable()
export class ImageWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImageWatcher.name);
  private watcher: FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Identity (`ino:size:mtime`) each pending name had at its last check. */
  private readonly seen = new Map<string, string>();
  private stopped = false;

  constructor(
    @Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig,
    private readonly store: ImageStore,
    private readonly intake: ImageIntake,
  ) {}

  /** Starts watching, then schedules every image present (startup scan). */
  async onApplicationBootstrap(): Promise<void> {
    this.watcher = watch(this.config.dir, { persistent: false }, (_type, file) => {
      const entry = file?.toString() ?? '';
      const image = IMAGE_FILE_NAME.exec(entry)?.[1];
      if (image) this.schedule({ kind: 'image', name: image });
      const volume = IMAGE_VOLUME_FILE.exec(entry)?.[1];
      if (volume) this.schedule({ kind: 'volumes', name: volume });
    });
    this.watcher.on('error', (err) => this.logger.error({ error: err.message }, 'directory watch failed'));
    for (const name of await this.store.listNames()) this.schedule({ kind: 'image', name });
    for (const name of (await this.store.listVolumeSets()).keys()) this.schedule({ kind: 'volumes', name });
  }

  /** Stops watching and drops pending checks. */
  onApplicationShutdown(): void {
    this.stopped = true;
    this.watcher?.close();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Checks `w` after the stability delay (restarting the delay on every new event). */
  private schedule(w: Watched): void {
    if (this.stopped) return;
    const key = `${w.kind}:${w.name}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.settle(w, key).catch((err: Error) =>
        this.logger.error({ image: w.name, error: err.message }, 'could not take in a new image'),
      );
    }, this.config.watchStableMs);
    this.timers.set(key, timer);
  }

  /**
   * Adopts an image (joins volumes) once two checks in a row, a stability delay apart, saw the same files (inode,
   * size, mtime).
   */
  private async settle(w: Watched, key: string): Promise<void> {
    if (this.stopped) return;
    const now = w.kind === 'image' ? await this.identity(w.name) : (await this.store.volumeIdentity(w.name)) || null;
    const before = this.seen.get(key);
    if (now === null) return void this.seen.delete(key);
    if (now !== before) {
      this.seen.set(key, now);
      return this.schedule(w); // new, or still being written
    }
    this.seen.delete(key);
    if (w.kind === 'image') await this.intake.adopt(w.name);
    else if ((await this.intake.joinVolumes(w.name)).result === 'busy') this.schedule(w);
  }

  private async identity(name: string): Promise<string | null> {
    try {
      const s = await stat(join(this.config.dir, `${name}.img`));
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return null;
    }
  }
}
