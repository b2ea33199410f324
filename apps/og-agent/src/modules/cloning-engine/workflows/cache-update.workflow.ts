import type { ActualizarCacheOrder, EliminarImagenCacheOrder, JobResult } from '@og/contracts';
import { fetchHead, ImagingError } from '@og/imaging';
import type { AgentConfig } from '@agent/config/env';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import type { JobContext } from '@agent/modules/jobs/job-context';
import { CacheStore } from './cache-store';
import { CACHE_MISS_TEXT, cachedImages, fillCache, removeFromCache } from './cache-fill';
import { repositoryFor } from './capture.workflow';
import { RepositoryClient } from './repository-client';

/** A checked ActualizarCache order. */
export interface CacheUpdatePlan {
  order: ActualizarCacheOrder;
  repository: RepositoryClient;
}

/** ActualizarCache and EliminarImagenCache: the CACHE partition's images, without restoring anything. */
export class CacheUpdateWorkflow {
  constructor(
    private readonly disks: DiskInventory,
    private readonly config: AgentConfig,
  ) {}

  /** @throws BadOrderParameterException naming `ipr`. */
  plan(order: ActualizarCacheOrder): CacheUpdatePlan {
    return { order, repository: repositoryFor(order.ipr, this.config) };
  }

  /**
   * Brings `nci` into the CACHE exactly as a UNICAST-CACHE restore does ({@link fillCache}): a current copy is kept
   * (`cacheHit`), otherwise it is downloaded (resumed, verified); there is no UNICAST-DIRECT fallback. The result has
   * cacheHit, transferredBytes, resumedFromBytes, cacheAction and cacheImages.
   * @throws ImagingError stage `check` (no CACHE, no room, image not in the repository), `download`, `checksum`.
   */
  async update(ctx: JobContext, plan: CacheUpdatePlan): Promise<JobResult> {
    const { order, repository } = plan;
    const result: JobResult = {};
    ctx.stage('check');
    const { totalBytes } = await fetchHead(repository.imageUrl(order.nci), 1, {
      stage: 'check',
      headers: repository.headers(),
      signal: ctx.signal,
    });
    const fullSum = await repository.sum(order.nci, 'full.sum', ctx.signal);
    const sum = await repository.sum(order.nci, 'sum', ctx.signal);
    return this.withCache(result, async (cache) => {
      const miss = await fillCache(
        ctx,
        cache,
        {
          name: order.nci,
          url: repository.imageUrl(order.nci),
          headers: repository.headers(),
          fullSum,
          sum,
          totalBytes,
        },
        this.config.actionCacheFull,
        result,
      );
      if (miss) throw new ImagingError('check', `cannot bring ${order.nci} into the CACHE: ${CACHE_MISS_TEXT[miss]}`);
      ctx.stage('finish');
    });
  }

  /**
   * Deletes `nci` and its auxiliary and partial files from the CACHE; result.cacheImages lists what is left.
   * @throws ImagingError stage `check` when there is no CACHE or the image is not in it (nothing deleted).
   */
  async remove(ctx: JobContext, order: EliminarImagenCacheOrder): Promise<JobResult> {
    const result: JobResult = {};
    ctx.stage('check');
    return this.withCache(result, async (cache) => {
      const removed = await removeFromCache(cache, order.nci);
      if (!removed.length) throw new ImagingError('check', `image ${order.nci} not found in the CACHE`);
      ctx.stage('finish');
    });
  }

  /**
   * Mounts the CACHE (marked busy for layout reads) for `fn`, then lists its images into `result.cacheImages`, also
   * when `fn` failed (the error then carries the result).
   */
  private async withCache(result: JobResult, fn: (cache: CacheStore) => Promise<void>): Promise<JobResult> {
    const part = await this.disks.findCache();
    if (!part) throw new ImagingError('check', CACHE_MISS_TEXT.NO_CACHE);
    return this.disks.whileBusy([part.device], async () => {
      const cache = await CacheStore.open(part.device, this.config.cacheMount).catch((err: Error) => {
        throw new ImagingError(
          'check',
          `cannot mount the CACHE ${part.device} at ${this.config.cacheMount}: ${err.message}`,
        );
      });
      try {
        await fn(cache);
        result.cacheImages = await cachedImages(cache);
        return result;
      } catch (err) {
        result.cacheImages = await cachedImages(cache).catch(() => undefined);
        throw Object.assign(err as Error, { result });
      } finally {
        await cache.close();
      }
    });
  }
}
