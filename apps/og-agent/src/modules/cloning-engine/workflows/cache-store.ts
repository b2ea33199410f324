import { mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_IMAGES_DIR, formatCache, mountDevice, mountpointsOf, tailMd5, unmount } from '@og/imaging';

/**
 * The CACHE partition mounted for one job: images live at `<mount>/opt/opengnsys/images/<name>.img`, with
 * `<name>.img.full.sum` (whole-file MD5) and `<name>.img.sum` (MD5 of the last MiB) beside them.
 */
export class CacheStore {
  private constructor(
    /** Where the CACHE filesystem is mounted. */
    readonly mountpoint: string,
    private mountedByUs: boolean,
    private readonly device: string,
  ) {}

  /** Mounts `device` at `mountpoint` (reusing an existing mount of it) and makes sure the images folder exists. */
  static async open(device: string, mountpoint: string): Promise<CacheStore> {
    const existing = await mountpointsOf(device);
    const store = existing.length
      ? new CacheStore(existing[0], false, device)
      : new CacheStore(mountpoint, true, device);
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

  /** Deletes the cached image and its sums; with `partial`, also an interrupted download of it. */
  async remove(name: string, partial = true): Promise<void> {
    const file = this.imagePath(name);
    const files = [file, `${file}.sum`, `${file}.full.sum`];
    if (partial) files.push(`${file}.part`, `${file}.part.full.sum`);
    for (const f of files) await rm(f, { force: true });
  }

  /** Path of the partial download of `<name>.img`. */
  partPath(name: string): string {
    return `${this.imagePath(name)}.part`;
  }

  /**
   * Bytes of an interrupted download of `name` that can be resumed: the `.part` file's size when it was started
   * for the same `.full.sum`; otherwise the partial file is deleted and 0 returned (start over).
   */
  async resumableBytes(name: string, fullSum: string): Promise<number> {
    const part = this.partPath(name);
    const recorded = await readFile(`${part}.full.sum`, 'utf8').catch(() => '');
    const size = await stat(part).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && recorded.trim().toLowerCase() === fullSum) return size;
    await rm(part, { force: true });
    await rm(`${part}.full.sum`, { force: true });
    return 0;
  }

  /** Records which `.full.sum` the partial download of `name` belongs to (so a later attempt may resume it). */
  async beginPart(name: string, fullSum: string): Promise<void> {
    await writeFile(`${this.partPath(name)}.full.sum`, `${fullSum}\n`);
  }

  /** Bytes available to us on the CACHE filesystem. */
  async freeBytes(): Promise<number> {
    const s = await statfs(this.mountpoint);
    return s.bavail * s.bsize;
  }

  /** Size of the CACHE filesystem in bytes. */
  async sizeBytes(): Promise<number> {
    const s = await statfs(this.mountpoint);
    return s.blocks * s.bsize;
  }

  /** OpenGnsys `ACTIONCACHEFULL=DELETE`: deletes every cached file except those of `keep` (its partial download). */
  async deleteOthers(keep: string): Promise<void> {
    const prefix = `${keep}.img.part`;
    for (const entry of await readdir(this.dir())) {
      if (!entry.startsWith(prefix)) await rm(join(this.dir(), entry), { recursive: true, force: true });
    }
  }

  /** OpenGnsys `ACTIONCACHEFULL=FORMAT`: unmounts, reformats (ext4 labelled CACHE, images folder) and remounts. */
  async reformat(): Promise<void> {
    await unmount(this.mountpoint);
    await formatCache(this.device);
    await mountDevice(this.device, this.mountpoint);
    this.mountedByUs = true;
    await mkdir(this.dir(), { recursive: true });
  }

  /** Moves a verified `<name>.img.part` into place and writes `.full.sum` and `.sum` beside it. */
  async commit(name: string, fullSum: string): Promise<void> {
    const file = this.imagePath(name);
    await rename(this.partPath(name), file);
    await rm(`${this.partPath(name)}.full.sum`, { force: true });
    await writeFile(`${file}.full.sum`, `${fullSum}\n`);
    await writeFile(`${file}.sum`, `${await tailMd5(file)}\n`);
  }

  /** Unmounts the CACHE if this store mounted it. */
  async close(): Promise<void> {
    if (this.mountedByUs) await unmount(this.mountpoint);
  }
}
