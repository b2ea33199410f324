import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';
import { ImageFiles } from '@repository/modules/store/image-files';

/** Content of `<name>.img.lock` (JSON): who holds it. */
export interface LockOwner {
  pid: number;
  host: string;
  /** `upload` or `import`. */
  purpose: string;
  startedAt: string;
}

/** A held lock: refreshed while held, removed by {@link HeldLock.release}. */
export interface HeldLock {
  release(): Promise<void>;
}

/** Milliseconds between refreshes of a held lock's mtime (well below the stale age). */
const LOCK_REFRESH_MS = 30_000;

/**
 * Exclusive per-image locks shared by every og-repository process serving the directory: `<name>.img.lock`,
 * created with `O_EXCL` (as OpenGnsys' `.lock` files), refreshed while held. A lock is stale when its mtime is older
 * than `OG_REPOSITORY_LOCK_STALE_SECONDS`, or when it names a dead process of this host.
 */
@Injectable()
export class ImageLocks {
  private readonly logger = new Logger(ImageLocks.name);

  constructor(@Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig) {}

  /** Takes the lock of `name` for `purpose`; null when another live holder has it (a stale one is broken first). */
  async acquire(name: string, purpose: string): Promise<HeldLock | null> {
    const path = new ImageFiles(this.config.dir, name).lock;
    const owner: LockOwner = { pid: process.pid, host: hostname(), purpose, startedAt: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, JSON.stringify(owner), { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (attempt === 0 && (await this.breakIfStale(path))) continue;
        return null;
      }
      const timer = setInterval(() => {
        const now = new Date();
        utimes(path, now, now).catch(() => undefined);
      }, LOCK_REFRESH_MS);
      timer.unref();
      return {
        release: async () => {
          clearInterval(timer);
          await rm(path, { force: true });
        },
      };
    }
    return null;
  }

  /** True when `name` has a live lock. */
  async isLocked(name: string): Promise<boolean> {
    const path = new ImageFiles(this.config.dir, name).lock;
    const owner = await this.liveOwner(path);
    return owner !== null;
  }

  /** Removes the lock at `path` if it is stale; true when it is gone. */
  async breakIfStale(path: string): Promise<boolean> {
    if ((await this.liveOwner(path)) !== null) return false;
    this.logger.warn({ lock: path }, 'removing a stale image lock');
    await rm(path, { force: true });
    return true;
  }

  /** The owner of a live lock; null when there is no lock or it is stale. */
  private async liveOwner(path: string): Promise<LockOwner | 'unknown' | null> {
    let mtimeMs: number;
    let text: string;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (Date.now() - mtimeMs > this.config.lockStaleMs) return null;
    let owner: Partial<LockOwner>;
    try {
      owner = JSON.parse(text) as Partial<LockOwner>;
    } catch {
      return 'unknown'; // an OpenGnsys tool's empty `touch`ed lock: respected until it ages out
    }
    if (owner.host === hostname() && typeof owner.pid === 'number' && !processAlive(owner.pid)) return null;
    return owner as LockOwner;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
