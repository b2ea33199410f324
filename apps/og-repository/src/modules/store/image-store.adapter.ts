import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, Stats } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, statfs, writeFile, FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AUXILIARY_SUFFIXES, AuxiliarySuffix } from '@og/contracts';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';
import {
  IMAGE_FILE_NAME,
  ImageFiles,
  SIDECAR_SUFFIXES,
  SidecarSuffix,
  TEMP_FILE_PREFIX,
} from '@repository/modules/store/image-files';

/** Bytes per write/read when streaming image bodies (STACK.md: 1 MiB chunks keep Node near nginx's rate). */
export const STREAM_CHUNK_BYTES = 1024 * 1024;

/** What {@link ImageStore.receive} wrote into a temporary file. */
export interface ReceivedUpload {
  tempPath: string;
  /** Lower-case hex MD5 of the bytes written. */
  md5: string;
  /** Bytes written. */
  length: number;
}

/** Free and total bytes of the repository's filesystem. */
export interface DiskUsage {
  totalBytes: number;
  freeBytes: number;
}

/**
 * The filesystem adapter of the repository directory: the only code that reads, writes, renames or
 * deletes image files. Every write is a temporary file in the same directory renamed into place.
 */
@Injectable()
export class ImageStore implements OnModuleInit {
  private readonly logger = new Logger(ImageStore.name);

  constructor(@Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig) {}

  /** Creates the directory if missing and deletes temporary files left by a crashed process. */
  async onModuleInit(): Promise<void> {
    await mkdir(this.config.dir, { recursive: true });
    for (const entry of await readdir(this.config.dir)) {
      if (entry.startsWith(TEMP_FILE_PREFIX) && /\.(upload|tmp)-[0-9a-f-]{36}$/.test(entry)) {
        this.logger.warn({ file: entry }, 'removing a temporary file left by an earlier run');
        await rm(join(this.config.dir, entry), { force: true });
      }
    }
  }

  /** Paths of image `name` (canonical, validated by the caller). */
  files(name: string): ImageFiles {
    return new ImageFiles(this.config.dir, name);
  }

  /** Names of every `<name>.img` in the directory, sorted. */
  async listNames(): Promise<string[]> {
    const entries = await readdir(this.config.dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => IMAGE_FILE_NAME.exec(e.name)?.[1])
      .filter((n): n is string => !!n)
      .sort();
  }

  /** `stat` of `<name>.img`, null when it does not exist. */
  statImage(name: string): Promise<Stats | null> {
    return statOrNull(this.files(name).image);
  }

  /** True when `<name>.img.<suffix>` exists. */
  async hasExtra(name: string, suffix: AuxiliarySuffix | SidecarSuffix): Promise<boolean> {
    return (await statOrNull(this.files(name).extra(suffix))) !== null;
  }

  /** Text of `<name>.img.<suffix>`, trimmed; null when it does not exist. */
  async readExtra(name: string, suffix: AuxiliarySuffix | SidecarSuffix): Promise<string | null> {
    try {
      return (await readFile(this.files(name).extra(suffix), 'utf8')).trim();
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

  /** Deletes every auxiliary and sidecar file of `name` (before a new version is moved in). */
  async removeExtras(name: string): Promise<void> {
    const files = this.files(name);
    await Promise.all([...AUXILIARY_SUFFIXES, ...SIDECAR_SUFFIXES].map((s) => rm(files.extra(s), { force: true })));
  }

  /**
   * Streams `source` into a new hidden temporary file beside the images, hashing (MD5) and counting on the way.
   * Nothing is buffered beyond the stream's chunks. On any stream error the temporary file is deleted and the error rethrown.
   */
  async receive(name: string, source: Readable): Promise<ReceivedUpload> {
    const tempPath = this.files(name).temp('upload', randomUUID());
    const md5 = createHash('md5');
    let length = 0;
    const meter = new Transform({
      highWaterMark: STREAM_CHUNK_BYTES,
      transform(chunk: Buffer, _enc, done) {
        md5.update(chunk);
        length += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx', highWaterMark: STREAM_CHUNK_BYTES }));
    } catch (err) {
      await rm(tempPath, { force: true });
      throw err;
    }
    return { tempPath, md5: md5.digest('hex'), length };
  }

  /** Deletes a temporary upload. */
  async discard(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  /** Removes the old version's auxiliary files, then atomically renames the upload to `<name>.img`. */
  async commit(name: string, tempPath: string): Promise<void> {
    await this.removeExtras(name);
    await rename(tempPath, this.files(name).image);
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
