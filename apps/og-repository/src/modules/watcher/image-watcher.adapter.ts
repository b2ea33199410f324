import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';
import { ImageIntake } from '@repository/modules/auxiliary-files/image-intake.service';
import { IMAGE_FILE_NAME } from '@repository/modules/store/image-files';
import { ImageStore } from '@repository/modules/store/image-store.adapter';

/**
 * Picks up images copied in by hand, following OpenGnsys' rule: copied under another name, then renamed to
 * `<name>.img`. Only `<name>.img` names are considered, and only once their size, mtime and inode stay the same
 * for `OG_REPOSITORY_WATCH_STABLE_MS` (a file still being written is never processed). At boot every `<name>.img`
 * goes through the same check (the startup scan).
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
      const name = file ? IMAGE_FILE_NAME.exec(file.toString())?.[1] : undefined;
      if (name) this.schedule(name);
    });
    this.watcher.on('error', (err) => this.logger.error({ error: err.message }, 'directory watch failed'));
    for (const name of await this.store.listNames()) this.schedule(name);
  }

  /** Stops watching and drops pending checks. */
  onApplicationShutdown(): void {
    this.stopped = true;
    this.watcher?.close();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Checks `name` after the stability delay (restarting the delay on every new event). */
  private schedule(name: string): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(name));
    const timer = setTimeout(() => {
      this.timers.delete(name);
      this.settle(name).catch((err: Error) =>
        this.logger.error({ image: name, error: err.message }, 'could not take in a new image'),
      );
    }, this.config.watchStableMs);
    this.timers.set(name, timer);
  }

  /** Adopts `name` once two checks in a row, a stability delay apart, saw the same file (inode, size, mtime). */
  private async settle(name: string): Promise<void> {
    if (this.stopped) return;
    const now = await this.identity(name);
    const before = this.seen.get(name);
    if (now === null) return void this.seen.delete(name);
    if (now !== before) {
      this.seen.set(name, now);
      return this.schedule(name); // new, or still being written
    }
    this.seen.delete(name);
    await this.intake.adopt(name);
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
