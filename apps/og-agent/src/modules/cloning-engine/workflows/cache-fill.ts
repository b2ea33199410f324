import { readdir, rm } from 'node:fs/promises';
import type { JobResult } from '@og/contracts';
import { downloadToFile, ImagingError } from '@og/imaging';
import type { ActionCacheFull } from '@agent/config/env';
import type { JobContext } from '@agent/modules/jobs/job-context';
import { CacheStore } from './cache-store';

/** Why an image could not be put into the CACHE (as RestaurarImagen reports it in `result.fallback`). */
export type CacheMiss = 'NO_CACHE' | 'CACHE_TOO_SMALL' | 'CACHE_FULL';

/** Human text of each {@link CacheMiss}. */
export const CACHE_MISS_TEXT: Record<CacheMiss, string> = {
  NO_CACHE: 'this PC has no CACHE partition (ext4 labelled CACHE)',
  CACHE_TOO_SMALL: 'the image is as large as the whole CACHE partition',
  CACHE_FULL: 'the CACHE has not enough free space for the image (OG_AGENT_ACTION_CACHE_FULL)',
};

/** Where an image comes from when it is brought into the CACHE. */
export interface CacheSource {
  /** Canonical image name (`<name>.img`). */
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The repository's `.full.sum` (whole-file MD5) and `.sum` (MD5 of the last MiB). */
  fullSum: string;
  sum: string;
  /** Size of the image in bytes, when the repository said. */
  totalBytes: number | null;
}

/**
 * OpenGnsys updateCache: keeps a current cached copy (its `.full.sum` and last-MiB MD5 match: `cacheHit`), otherwise
 * deletes the stale copy, makes room (`ACTIONCACHEFULL`: NONE, DELETE the other images, FORMAT the CACHE), downloads
 * into `<name>.img.part` (resuming an interrupted download of the same `.full.sum` with HTTP Range), checks the whole
 * MD5 and moves it into place. Fills `result.cacheHit`, `transferredBytes`, `resumedFromBytes` and `cacheAction`.
 * @returns null when the CACHE now holds the image, or why it could not (nothing was downloaded then).
 * @throws ImagingError stage `download` (transfer broke; the `.part` is kept for a resume) or `checksum` (deleted).
 */
export async function fillCache(
  ctx: JobContext,
  cache: CacheStore,
  source: CacheSource,
  actionCacheFull: ActionCacheFull,
  result: JobResult,
): Promise<CacheMiss | null> {
  result.cacheHit = await cache.isCurrent(source.name, source.fullSum, source.sum);
  result.transferredBytes = 0;
  if (result.cacheHit) return null;
  await cache.remove(source.name, false);
  const miss = await makeRoom(cache, source, actionCacheFull, result);
  if (miss) {
    delete result.cacheHit;
    return miss;
  }
  await download(ctx, cache, source, result);
  return null;
}

/** Checks the CACHE can hold the image, applying ACTIONCACHEFULL when it lacks free space. */
async function makeRoom(
  cache: CacheStore,
  source: CacheSource,
  action: ActionCacheFull,
  result: JobResult,
): Promise<CacheMiss | null> {
  const { totalBytes, name, fullSum } = source;
  if (totalBytes === null) return null;
  if (totalBytes >= (await cache.sizeBytes())) return 'CACHE_TOO_SMALL';
  const fits = async () => totalBytes - (await cache.resumableBytes(name, fullSum)) <= (await cache.freeBytes());
  if (await fits()) return null;
  if (action === 'NONE') return 'CACHE_FULL';
  if (action === 'DELETE') await cache.deleteOthers(name);
  else await cache.reformat();
  result.cacheAction = action;
  return (await fits()) ? null : 'CACHE_FULL';
}

/** Downloads into `<name>.img.part` (resuming it when possible), checks the whole MD5 and commits it. */
async function download(ctx: JobContext, cache: CacheStore, source: CacheSource, result: JobResult): Promise<void> {
  const { name, fullSum } = source;
  ctx.stage('download');
  const rate = rateMeter();
  const resumeFrom = await cache.resumableBytes(name, fullSum);
  await cache.beginPart(name, fullSum);
  const got = await downloadToFile(source.url, cache.partPath(name), {
    stage: 'download',
    headers: source.headers,
    signal: ctx.signal,
    resumeFrom,
    onProgress: (p) => ctx.progress(p.totalBytes ? (p.bytes / p.totalBytes) * 100 : 0, rate(p.bytes)),
  });
  result.transferredBytes = got.transferredBytes;
  if (got.resumedFrom > 0) result.resumedFromBytes = got.resumedFrom;
  ctx.stage('checksum');
  if (got.md5 !== fullSum) {
    await cache.remove(name);
    throw new ImagingError(
      'checksum',
      `downloaded ${name}.img has MD5 ${got.md5}, repository's .full.sum says ${fullSum}`,
    );
  }
  await cache.commit(name, fullSum);
}

/** Auxiliary and partial-download files that belong to a cached `<name>.img`. */
const CACHE_FILE_SUFFIXES = [
  '',
  '.sum',
  '.full.sum',
  '.size',
  '.info',
  '.torrent',
  '.torrent.bf',
  '.part',
  '.part.full.sum',
];

/**
 * Deletes `<name>.img` and its `.sum`, `.full.sum`, `.size`, `.info`, `.torrent` files and any partial download
 * (`.part`, `.torrent.bf`) from the CACHE.
 * @returns the file names that were there and are now deleted (empty when the image was not in the CACHE).
 */
export async function removeFromCache(cache: CacheStore, name: string): Promise<string[]> {
  const present = new Set(await readdir(cache.dir()));
  const removed: string[] = [];
  for (const suffix of CACHE_FILE_SUFFIXES) {
    const file = `${name}.img${suffix}`;
    if (!present.has(file)) continue;
    await rm(`${cache.imagePath(name)}${suffix}`, { recursive: true, force: true });
    removed.push(file);
  }
  return removed;
}

/** The complete images in the CACHE (`<name>.img` files, partial downloads left out), sorted. */
export async function cachedImages(cache: CacheStore): Promise<string[]> {
  return (await readdir(cache.dir())).filter((f) => f.endsWith('.img')).sort();
}

/** Bytes per second over roughly the last second, from a running byte count. */
export function rateMeter(): (bytes: number) => number {
  const start = Date.now();
  let t0 = start;
  let b0 = 0;
  let rate = 0;
  return (bytes) => {
    const now = Date.now();
    if (now - t0 >= 1000) {
      rate = ((bytes - b0) * 1000) / (now - t0);
      t0 = now;
      b0 = bytes;
    }
    // Before the first full second, the average since the start (short transfers still show a rate).
    return rate || (bytes * 1000) / Math.max(1, now - start);
  };
}
