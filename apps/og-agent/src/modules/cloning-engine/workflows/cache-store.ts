import { mkdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_IMAGES_DIR, mountDevice, mountpointsOf, tailMd5, unmount } from '@og/imaging';

/**
 * The CACHE partition mounted for one job: images live at `<mount>/opt/opengnsys/images/<name>.img`, with
 * `<name>.img.full.sum` (whole-file MD5) and `<name>.img.sum` (MD5 of the last MiB) beside them.
 */
export class CacheStore {
  private constructor(
    /** Where the CACHE filesystem is mounted. */
    readonly mountpoint: string,
    private readonly mountedByUs: boolean,
  ) {}

  /** Mounts `device` at `mountpoint` (reusing an existing mount of it) and makes sure the images folder exists. */
  static async open(device: string, mountpoint: string): Promise<CacheStore> {
    const existing = await mountpointsOf(device);
    const store = existing.length ? new CacheStore(existing[0], false) : new CacheStore(mountpoint, true);
    if (store.mountedByUs) await mountDevice(device, mountpoint);
    await mkdir(store.dir(), { recursive: true });
    return store;
  }

  /** `<mount>/opt/opengnsys/images`. */
  dir(): string {
    return join(this.mountpoint, CACHE_IMAGES_DIR);
  }

  /** Path of the cached `<name>.img`. */
  imagePath(name: string): string {
    return join(this.dir(), `${name}.img`);
  }

  /** True when the cached copy exists, its recorded full sum equals `fullSum` and the MD5 of its last MiB equals `sum`. */
  async isCurrent(name: string, fullSum: string, sum: string): Promise<boolean> {
    const file = this.imagePath(name);
    const recorded = await readFile(`${file}.full.sum`, 'utf8').catch(() => '');
    if (recorded.trim().slice(0, 32).toLowerCase() !== fullSum) return false;
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    return exists && (await tailMd5(file)) === sum;
  }

  /** Deletes the cached image and its sums (and any partial download). */
  async remove(name: string): Promise<void> {
    const file = this.imagePath(name);
    for (const f of [file, `${file}.part`, `${file}.sum`, `${file}.full.sum`]) await rm(f, { force: true });
  }

  /** Bytes available to us on the CACHE filesystem. */
  async freeBytes(): Promise<number> {
    const s = await statfs(this.mountpoint);
    return s.bavail * s.bsize;
  }

  /** Moves a verified `<name>.img.part` into place and writes `.full.sum` and `.sum` beside it. */
  async commit(name: string, fullSum: string): Promise<void> {
    const file = this.imagePath(name);
    await rename(`${file}.part`, file);
    await writeFile(`${file}.full.sum`, `${fullSum}\n`);
    await writeFile(`${file}.sum`, `${await tailMd5(file)}\n`);
  }

  /** Unmounts the CACHE if this store mounted it. */
  async close(): Promise<void> {
    if (this.mountedByUs) await unmount(this.mountpoint);
  }
}
