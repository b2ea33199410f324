import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, Stats } from 'node:fs';
import {
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  statfs,
  writeFile,
  FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuxiliarySuffix } from '@og/contracts';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';
import {
  EXTRA_SUFFIXES,
  IMAGE_FILE_NAME,
  IMAGE_OWNED_FILE,
  ImageFiles,
  SidecarSuffix,
  TEMP_FILE_PREFIX,
} from '@repository/modules/store/image-files';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { IMAGE_VOLUME_FILE } from '@repository/modules/store/image-volumes';

/** Bytes per write/read when streaming image bodies (STACK.md: 1 MiB chunks keep Node near nginx's rate). */
export const STREAM_CHUNK_BYTES = 1024 * 1024;
/** Free bytes always left on the filesystem by an upload whose size is announced. */
export const FREE_SPACE_MARGIN_BYTES = 16 * 1024 * 1024;
/** Temporary files of auxiliary writes older than this are leftovers of a dead process. */
const STALE_TEMP_MS = 10 * 60_000;

/** Where an image lives: the repository directory or the trash. */
export type StoreArea = 'images' | 'trash';

/** What {@link ImageStore.receive} wrote into a temporary file. */
export interface ReceivedUpload {
  tempPath: string;
  /** Hash the bytes were digested with (MD5 unless asked otherwise). */
  algorithm: 'md5' | 'sha256';
  /** Lower-case hex digest of the bytes written. */
  digest: string;
  /** Bytes written. */
  length: number;
}

/** Free and total bytes of the repository's filesystem. */
export interface DiskUsage {
  totalBytes: number;
  freeBytes: number;
}

/** The filesystem has no room for the image (checked up front, or ENOSPC while writing); nothing was left behind. */
export class StoreFullError extends Error {}

/** Receives byte counts while a body is written. */
export type ByteCounter = (bytes: number) => void;

/**
 * The filesystem adapter of the repository and trash directories: the only code that reads, writes, renames or
 * deletes image files. Every write is a temporary file in the same directory renamed into place.
 */
@Injectable()
export class ImageStore implements OnModuleInit {
  private readonly logger = new Logger(ImageStore.name);

  constructor(
    @Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig,
    private readonly locks: ImageLocks,
  ) {}

  /**
   * Creates the directories if missing, refuses a trash on another filesystem (moves must be renames), and deletes
   * stale locks and the temporary files of dead uploads.
   * @throws Error when the trash directory is not on the images' filesystem.
   */
  async onModuleInit(): Promise<void> {
    await mkdir(this.config.dir, { recursive: true });
    await mkdir(this.config.trashDir, { recursive: true });
    const [images, trash] = await Promise.all([stat(this.config.dir), stat(this.config.trashDir)]);
    if (images.dev !== trash.dev)
      throw new Error(
        `OG_REPOSITORY_TRASH_DIR ${this.config.trashDir} is not on the filesystem of OG_REPOSITORY_DIR ${this.config.dir}: deleting and recovering would copy whole images`,
      );
    const entries = await readdir(this.config.dir);
    for (const entry of entries.filter((e) => IMAGE_OWNED_FILE.test(e) && e.endsWith('.img.lock')))
      await this.locks.breakIfStale(join(this.config.dir, entry));
    for (const entry of entries) {
      const upload = /^\.([A-Za-z0-9_-]{1,100})\.img\.(?:upload|import|join)-[0-9a-f-]{36}$/.exec(entry);
      const tmp = entry.startsWith(TEMP_FILE_PREFIX) && /\.tmp-[0-9a-f-]{36}$/.test(entry);
      const path = join(this.config.dir, entry);
      const stale = upload
        ? !(await this.locks.isLocked(upload[1]))
        : tmp && Date.now() - ((await statOrNull(path))?.mtimeMs ?? 0) > STALE_TEMP_MS;
      if (!stale) continue;
      this.logger.warn({ file: entry }, 'removing a temporary file left by an earlier run');
      await rm(path, { force: true });
    }
  }

  /** Paths of image `name` (canonical, validated by the caller) in `area`. */
  files(name: string, area: StoreArea = 'images'): ImageFiles {
    return new ImageFiles(area === 'images' ? this.config.dir : this.config.trashDir, name);
  }

  /** Names of every `<name>.img` in `area`, sorted. */
  async listNames(area: StoreArea = 'images'): Promise<string[]> {
    const entries = await readdir(area === 'images' ? this.config.dir : this.config.trashDir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => IMAGE_FILE_NAME.exec(e.name)?.[1])
      .filter((n): n is string => !!n)
      .sort();
  }

  /** Volumes dropped in by hand (`<name>.img.aa`, `.ab`…, or `.000`, `.001`…): image name → suffixes, sorted. */
  async listVolumeSets(): Promise<Map<string, string[]>> {
    const sets = new Map<string, string[]>();
    for (const e of await readdir(this.config.dir, { withFileTypes: true })) {
      const m = e.isFile() ? IMAGE_VOLUME_FILE.exec(e.name) : null;
      if (m) sets.set(m[1], [...(sets.get(m[1]) ?? []), m[2]].sort());
    }
    return sets;
  }

  /** Identity (`suffix:ino:size:mtime` of each volume) of the volumes of `name`; '' when there are none. */
  async volumeIdentity(name: string): Promise<string> {
    const volumes = await this.statVolumes(name, (await this.listVolumeSets()).get(name) ?? []);
    return volumes.map(({ suffix, stat: s }) => `${suffix}:${s.ino}:${s.size}:${s.mtimeMs}`).join(',');
  }

  /** `stat` of the volumes `suffixes` of `name` (one removed meanwhile is left out). */
  async statVolumes(name: string, suffixes: string[]): Promise<Array<{ suffix: string; stat: Stats }>> {
    const volumes: Array<{ suffix: string; stat: Stats }> = [];
    for (const suffix of suffixes) {
      const s = await statOrNull(`${this.files(name).image}.${suffix}`);
      if (s) volumes.push({ suffix, stat: s });
    }
    return volumes;
  }

  /** The first `bytes` of volume `suffix` of `name`; empty when it is gone (joined or removed meanwhile). */
  async readVolumeHead(name: string, suffix: string, bytes: number): Promise<Buffer> {
    let file: FileHandle;
    try {
      file = await open(`${this.files(name).image}.${suffix}`, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    }
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  /**
   * Concatenates the volumes `suffixes` of `name` (in that order) into a new hidden temporary file, with `cat`
   * (Node stays out of the byte path). The volumes are left in place.
   * @throws StoreFullError when their total exceeds the free space or the disk fills up (nothing is left behind);
   *         Error when a volume cannot be read.
   */
  async joinVolumes(name: string, suffixes: string[]): Promise<{ tempPath: string; length: number }> {
    const paths = suffixes.map((s) => `${this.files(name).image}.${s}`);
    let length = 0;
    for (const p of paths) length += (await stat(p)).size;
    const { freeBytes } = await this.diskUsage();
    if (length + FREE_SPACE_MARGIN_BYTES > freeBytes)
      throw new StoreFullError(`${length} bytes of volumes to join, ${freeBytes} free`);
    const tempPath = this.files(name).temp('join', randomUUID());
    const out = await open(tempPath, 'wx');
    try {
      await new Promise<void>((resolve, reject) => {
        const cat = spawn('cat', ['--', ...paths], { stdio: ['ignore', out.fd, 'pipe'] });
        let stderr = '';
        cat.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
        cat.on('error', reject);
        cat.on('close', (code) => {
          if (code === 0) resolve();
          else if (/No space left/.test(stderr)) reject(new StoreFullError(`no space left while joining: ${stderr}`));
          else reject(new Error(`cat of the volumes failed (exit ${code}): ${stderr.trim()}`));
        });
      });
      await out.sync();
    } catch (err) {
      await out.close();
      await rm(tempPath, { force: true });
      throw err;
    }
    await out.close();
    return { tempPath, length };
  }

  /** Deletes the volumes `suffixes` of `name` (once joined). */
  async removeVolumes(name: string, suffixes: string[]): Promise<void> {
    await Promise.all(suffixes.map((s) => rm(`${this.files(name).image}.${s}`, { force: true })));
  }

  /** Names that have auxiliary or sidecar files in the images directory but no `<name>.img` (`.ant` backups are kept). */
  async listOrphans(): Promise<string[]> {
    const present = new Set(await this.listNames());
    const extras = new Set(EXTRA_SUFFIXES.map((s) => `.${s}`));
    const owners = new Set<string>();
    for (const entry of await readdir(this.config.dir)) {
      const m = IMAGE_OWNED_FILE.exec(entry);
      if (m?.[2] && extras.has(m[2]) && !present.has(m[1])) owners.add(m[1]);
    }
    return [...owners].sort();
  }

  /** `stat` of `<name>.img`, null when it does not exist. */
  statImage(name: string, area: StoreArea = 'images'): Promise<Stats | null> {
    return statOrNull(this.files(name, area).image);
  }

  /** `stat` of `<name>.img.ant`, null when there is no backup. */
  statBackup(name: string): Promise<Stats | null> {
    return statOrNull(this.files(name).backup());
  }

  /** True when `<name>.img.<suffix>` exists. */
  async hasExtra(name: string, suffix: AuxiliarySuffix | SidecarSuffix, area: StoreArea = 'images'): Promise<boolean> {
    return (await statOrNull(this.files(name, area).extra(suffix))) !== null;
  }

  /** Text of `<name>.img.<suffix>` (or of its `.ant` backup), trimmed; null when it does not exist. */
  async readExtra(
    name: string,
    suffix: AuxiliarySuffix | SidecarSuffix,
    area: StoreArea = 'images',
    backup = false,
  ): Promise<string | null> {
    const files = this.files(name, area);
    try {
      return (await readFile(backup ? files.backup(suffix) : files.extra(suffix), 'utf8')).trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Writes `<name>.img.<suffix>` atomically (temporary file + rename). */
  async writeExtra(name: string, suffix: AuxiliarySuffix | SidecarSuffix, data: string | Uint8Array): Promise<void> {
    const files = this.files(name);
    const temp = files.temp('tmp', randomUUID());
    try {
      await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, files.extra(suffix));
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** Deletes one extra file of `name` (no error when missing). */
  async removeExtra(name: string, suffix: AuxiliarySuffix | SidecarSuffix): Promise<void> {
    await rm(this.files(name).extra(suffix), { force: true });
  }

  /** Deletes every auxiliary and sidecar file of `name` (not its backups); also the leftovers of a vanished image. */
  async removeExtras(name: string): Promise<void> {
    const files = this.files(name);
    await Promise.all(EXTRA_SUFFIXES.map((s) => rm(files.extra(s), { force: true })));
  }

  /**
   * Streams `source` into a new hidden temporary file beside the images, hashing (`opts.algorithm`, MD5 by default)
   * and counting on the way.
   * Nothing is buffered beyond the stream's chunks. On any error the temporary file is deleted and the error
   * rethrown; a full filesystem (announced size above the free space, or ENOSPC) is a {@link StoreFullError}.
   */
  async receive(
    name: string,
    source: Readable,
    opts: {
      expectedBytes?: number | null;
      purpose?: string;
      onBytes?: ByteCounter;
      algorithm?: ReceivedUpload['algorithm'];
    } = {},
  ): Promise<ReceivedUpload> {
    await this.checkRoom(opts.expectedBytes ?? null);
    const tempPath = this.files(name).temp(opts.purpose ?? 'upload', randomUUID());
    const algorithm = opts.algorithm ?? 'md5';
    const hash = createHash(algorithm);
    let length = 0;
    const onBytes = opts.onBytes;
    const meter = new Transform({
      highWaterMark: STREAM_CHUNK_BYTES,
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        length += chunk.length;
        onBytes?.(chunk.length);
        done(null, chunk);
      },
    });
    // the source is piped (not pipelined) so that a write error does not destroy it: the HTTP request must stay
    // open for the 507 answer
    const sink = pipeline(meter, createWriteStream(tempPath, { flags: 'wx', highWaterMark: STREAM_CHUNK_BYTES }));
    const onError = (err: Error) => meter.destroy(err);
    const onClose = () => {
      if (!source.readableEnded) meter.destroy(new Error('aborted'));
    };
    source.on('error', onError).once('close', onClose).pipe(meter);
    try {
      await sink;
    } catch (err) {
      source.unpipe(meter);
      source.resume(); // drain what the client still sends
      await rm(tempPath, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new StoreFullError(`no space left after ${length} bytes`);
      throw err;
    }
    return { tempPath, algorithm, digest: hash.digest('hex'), length };
  }

  /**
   * Checks that `expectedBytes` (an announced upload size, in bytes) fit in the free space with
   * {@link FREE_SPACE_MARGIN_BYTES} to spare; nothing to check when null or 0.
   * @throws StoreFullError when they do not.
   */
  async checkRoom(expectedBytes: number | null): Promise<void> {
    if (!expectedBytes) return;
    const { freeBytes } = await this.diskUsage();
    if (expectedBytes + FREE_SPACE_MARGIN_BYTES > freeBytes)
      throw new StoreFullError(`${expectedBytes} bytes announced, ${freeBytes} free`);
  }

  /** Deletes a temporary upload. */
  async discard(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  /**
   * Installs a verified upload as `<name>.img`. The previous version becomes OpenGnsys' backup: `<name>.img.ant`
   * (a hard link made while the old file is still in place) and `<name>.img.<suffix>.ant` for its extra files
   * (the former backup is dropped). The new file then replaces the old one with one `rename`: a reader sees the old
   * or the new image, never none, and never the new bytes with the old checksums.
   */
  async commit(name: string, tempPath: string): Promise<{ backedUp: boolean }> {
    const files = this.files(name);
    const old = await statOrNull(files.image);
    if (old) {
      await Promise.all(
        [files.backup(), ...EXTRA_SUFFIXES.map((s) => files.backup(s))].map((p) => rm(p, { force: true })),
      );
      await link(files.image, files.backup());
      for (const s of EXTRA_SUFFIXES) await renameIfExists(files.extra(s), files.backup(s));
    } else await this.removeExtras(name);
    await rename(tempPath, files.image);
    return { backedUp: old !== null };
  }

  /**
   * Moves every file of `name` from `from` to the other area (the image first when leaving the images directory,
   * last when entering it, so it is never listed without its auxiliary files). A copy of the same name already at
   * the destination is deleted first.
   */
  async move(name: string, from: StoreArea): Promise<void> {
    const to: StoreArea = from === 'images' ? 'trash' : 'images';
    const src = this.files(name, from);
    const dst = this.files(name, to);
    await Promise.all(dst.all().map((p) => rm(p, { force: true })));
    const order = src.all().map((p, i) => ({ from: p, to: dst.all()[i] }));
    if (from === 'images') order.unshift(order.pop()!);
    for (const step of order) await renameIfExists(step.from, step.to);
  }

  /** Deletes every file of `name` in the trash. */
  async purge(name: string): Promise<void> {
    await Promise.all(
      this.files(name, 'trash')
        .all()
        .map((p) => rm(p, { force: true })),
    );
  }

  /** Opens `<name>.img` for reading; null when it does not exist. */
  async openImage(name: string): Promise<FileHandle | null> {
    try {
      return await open(this.files(name).image, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Total and free bytes of the directory's filesystem (`statfs`). */
  async diskUsage(): Promise<DiskUsage> {
    const s = await statfs(this.config.dir);
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  }

  /** Readiness: the directory exists and a file can be created and deleted in it. */
  async checkWritable(): Promise<void> {
    const probe = join(this.config.dir, `${TEMP_FILE_PREFIX}ready-probe.tmp-${randomUUID()}`);
    await writeFile(probe, 'ok', { flag: 'wx' });
    await rm(probe, { force: true });
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
