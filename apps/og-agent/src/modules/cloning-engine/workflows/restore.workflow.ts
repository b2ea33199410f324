import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobResult, PartitionLayout, RestaurarImagenOrder } from '@og/contracts';
import {
  fetchHead,
  growBtrfsFilesystem,
  growExtFilesystem,
  growNtfsFilesystem,
  growXfsFilesystem,
  relocateNtfsBootSector,
  syncNtfsBackupBootSector,
  ImageHead,
  imageInfoFromHead,
  ImagingError,
  PartcloneBlockZeroError,
  partitionCodeForImage,
  readImageHead,
  readPartcloneBlockZero,
  resolveGptType,
  resolveMsdosTypeCode,
  sameFilesystemFamily,
  restoreFromFile,
  restoreFromUrl,
  probeBlkid,
  setLinuxHostname,
  setWindowsHostname,
  setPartitionType,
  wipeFilesystem,
  xfsSectorSize,
} from '@og/imaging';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import type { JobContext } from '@agent/modules/jobs/job-context';
import { BadOrderParameterException } from '../cloning-engine.exception';
import { imagingPartition } from './imaging-partition';
import { CacheStore } from './cache-store';
import { CACHE_MISS_TEXT, CacheMiss, fillCache } from './cache-fill';
import { repositoryFor } from './capture.workflow';
import { RepositoryClient } from './repository-client';

/** A checked RestaurarImagen order. */
export interface RestorePlan {
  order: RestaurarImagenOrder;
  disk: string;
  /** Table type of the disk (how the partition code is set). */
  tableType: 'MSDOS' | 'GPT' | 'NONE';
  /** Logical sector size of the disk in bytes (512 or 4096). */
  sectorSize: number;
  /** The order's `cpt` as a code of that table (`83`, `8300`), or null when absent. */
  code: string | null;
  target: PartitionLayout;
  repository: RepositoryClient;
}

const HEAD_BYTES = 1024 * 1024;

/** RestaurarImagen: check the image fits, fetch it (CACHE) or stream it (DIRECT) into partclone.restore. */
@Injectable()
export class RestoreWorkflow {
  private readonly logger = new Logger(RestoreWorkflow.name);

  constructor(
    private readonly disks: DiskInventory,
    @Inject(AGENT_CONFIG) private readonly config: AgentConfig,
  ) {}

  /**
   * Checks the target partition exists, is not mounted and is not the CACHE, and that `cpt` is a type of its table.
   * @throws BadOrderParameterException (`dsk`, `par`, `ipr`, `cpt`), DeviceInUseException.
   */
  async plan(order: RestaurarImagenOrder): Promise<RestorePlan> {
    const repository = repositoryFor(order.ipr, this.config);
    const disk = await this.disks.device(order.dsk);
    const target = await imagingPartition(this.disks, order.dsk, order.par, 'overwritten');
    const { tableType, sectorSize } = await this.disks.read(order.dsk);
    let code: string | null = null;
    if (order.cpt) {
      code = tableType === 'GPT' ? (resolveGptType(order.cpt)?.code ?? null) : resolveMsdosTypeCode(order.cpt);
      if (code === null || code === '0')
        throw new BadOrderParameterException('cpt', `cpt "${order.cpt}" is not a ${tableType} partition type`);
    }
    return { order, disk, tableType, sectorSize, code, target, repository };
  }

  /**
   * Runs the restore; the result carries disks, cacheHit, method, imageInfo and transferredBytes. When it fails or
   * is cancelled after writing began, the target's signatures are wiped so it is never taken for a good restore.
   */
  async run(jobCtx: JobContext, plan: RestorePlan): Promise<JobResult> {
    const { order, target, repository } = plan;
    const result: JobResult = { method: order.method };
    let writing = false;
    const ctx: JobContext = {
      ...jobCtx,
      stage: (stage) => {
        if (stage === 'write') writing = true;
        jobCtx.stage(stage);
      },
    };
    try {
      ctx.stage('check');
      if (await this.disks.isMounted(target.device)) throw new ImagingError('check', `${target.device} is mounted`);
      const { head, totalBytes } = await fetchHead(repository.imageUrl(order.nci), HEAD_BYTES, {
        stage: 'check',
        headers: repository.headers(),
        signal: ctx.signal,
      });
      const image = await readImageHead(head).catch((err: Error) => {
        throw new ImagingError(
          'check',
          `image ${order.nci} is not a partclone image this agent can restore: ${err.message}`,
        );
      });
      result.imageInfo = imageInfoFromHead(image);
      // The filesystem's own size (blocks × block size): partclone.ntfs records the whole source partition as its
      // device size even when ntfsresize shrank the volume, so that one is only a hint (restores then pass -C).
      const needBytes = image.partclone.totalBlocks * image.partclone.blockSize || image.partclone.deviceSizeBytes;
      if (needBytes > target.sizeBytes) {
        throw new ImagingError(
          'check',
          `image ${order.nci} needs ${needBytes} bytes (filesystem size recorded in the partclone header), ` +
            `partition ${order.par} has ${target.sizeBytes} bytes`,
        );
      }
      if (image.partclone.filesystem === 'XFS') await this.checkXfsSectorSize(ctx, plan, image, head, totalBytes);
      await this.disks.whileBusy([target.device], async () => {
        const miss =
          order.method === 'UNICAST-CACHE' ? await this.viaCache(ctx, plan, image, totalBytes, result) : null;
        if (miss) this.fallBack(miss, result);
        if (order.method === 'UNICAST-DIRECT' || miss) await this.direct(ctx, plan, image, result);
        ctx.stage('finish');
        const fs = image.partclone.filesystem;
        const code = plan.code ?? partitionCodeForImage(fs, plan.tableType, target.code);
        if (code && code !== target.code) {
          await setPartitionType(plan.disk, order.par, code, plan.tableType);
          result.partitionCode = code;
        }
        if (fs === 'EXTFS') await growExtFilesystem(target.device);
        // XFS and btrfs grow only while mounted; exFAT and FAT cannot grow: they keep the source's size.
        if (fs === 'XFS') await growXfsFilesystem(target.device);
        if (fs === 'BTRFS') await growBtrfsFilesystem(target.device);
        if (fs === 'NTFS') {
          await relocateNtfsBootSector(target.device, target.startSector);
          await growNtfsFilesystem(target.device);
          await syncNtfsBackupBootSector(target.device);
        }
        const fsType = (await probeBlkid(target.device)).TYPE ?? '';
        const name = this.config.identity.name;
        const named =
          (await setLinuxHostname(target.device, fsType, name)) ||
          (await setWindowsHostname(target.device, fsType, name));
        if (named) result.hostname = name;
      });
      result.disks = await this.disks.readAll();
      return result;
    } catch (err) {
      if (writing) await wipeFilesystem(target.device).catch(() => undefined);
      result.disks = await this.disks.readAll().catch(() => undefined);
      throw Object.assign(err as Error, { result });
    }
  }

  /**
   * The kernel mounts an XFS filesystem only from a disk whose logical sectors are no larger than the sector size it
   * was made with (`sb_sectsize`): a 512-byte-sector XFS restored onto a 4096-byte-sector disk would be written and
   * then be unmountable. Reads the superblock from block 0 of the image (from the head already fetched, else from a
   * GET of the image cut off after block 0); an image whose block 0 cannot be read is logged and let through.
   * @throws ImagingError stage `check` naming both sector sizes when the disk's sectors are larger.
   */
  private async checkXfsSectorSize(
    ctx: JobContext,
    plan: RestorePlan,
    image: ImageHead,
    head: Buffer,
    totalBytes: number | null,
  ): Promise<void> {
    const { order, repository } = plan;
    let sectsize: number | null;
    try {
      const block = await readPartcloneBlockZero(Readable.from([head]), image).catch(async (err: Error) => {
        if (!(err instanceof PartcloneBlockZeroError) || (totalBytes !== null && totalBytes <= head.length)) throw err;
        return readPartcloneBlockZero(await repository.openImage(order.nci, 'check', ctx.signal), image);
      });
      sectsize = block && xfsSectorSize(block);
      if (!sectsize) throw new Error(block ? 'block 0 is not an XFS superblock' : 'the image does not store block 0');
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      this.logger.warn(
        `image ${order.nci}: XFS superblock not readable (${(err as Error).message}); its sector size is not checked`,
      );
      return;
    }
    if (plan.sectorSize > sectsize) {
      throw new ImagingError(
        'check',
        `image ${order.nci} holds an XFS filesystem made for ${sectsize}-byte sectors (sb_sectsize), but disk ` +
          `${order.dsk} has ${plan.sectorSize}-byte logical sectors: XFS cannot be mounted from sectors larger than ` +
          `its own. Restore it onto a disk with ${sectsize}-byte sectors, or capture the image from an XFS made ` +
          `with mkfs.xfs -s size=${plan.sectorSize}`,
      );
    }
  }

  /**
   * OpenGnsys `RESTOREPROTOCOLNOTCACHE`: UNICAST → stream UNICAST-DIRECT instead and say why; NONE → fail.
   * @throws ImagingError stage `check` when the policy is NONE.
   */
  private fallBack(miss: CacheMiss, result: JobResult): void {
    if (this.config.restoreProtocolNotCache === 'NONE') {
      throw new ImagingError(
        'check',
        `${CACHE_MISS_TEXT[miss]}; OG_AGENT_RESTORE_PROTOCOL_NOT_CACHE is NONE, so no UNICAST-DIRECT fallback`,
      );
    }
    result.method = 'UNICAST-DIRECT';
    result.fallback = miss;
  }

  /**
   * UNICAST-CACHE as OpenGnsys' updateCache: reuse a current cached copy, else make room (ACTIONCACHEFULL), download
   * (resuming an interrupted `.part` of the same `.full.sum`), verify the whole file's MD5, then restore from it.
   * @returns null when restored, or why the CACHE could not be used (the caller applies RESTOREPROTOCOLNOTCACHE).
   */
  private async viaCache(
    ctx: JobContext,
    plan: RestorePlan,
    image: ImageHead,
    totalBytes: number | null,
    result: JobResult,
  ): Promise<CacheMiss | null> {
    const { order, repository } = plan;
    const cachePart = await this.disks.findCache();
    if (!cachePart) return 'NO_CACHE';
    const [fullSum, sum] = [
      await repository.sum(order.nci, 'full.sum', ctx.signal),
      await repository.sum(order.nci, 'sum', ctx.signal),
    ];
    const cache = await CacheStore.open(cachePart.device, this.config.cacheMount).catch((err: Error) => {
      throw new ImagingError(
        'check',
        `cannot mount the CACHE ${cachePart.device} at ${this.config.cacheMount}: ${err.message}`,
      );
    });
    try {
      const source = { name: order.nci, url: repository.imageUrl(order.nci), headers: repository.headers() };
      const miss = await fillCache(
        ctx,
        cache,
        { ...source, fullSum, sum, totalBytes },
        this.config.actionCacheFull,
        result,
      );
      if (miss) return miss;
      ctx.stage('write');
      await clearForeignFilesystem(plan.target, image);
      await restoreFromFile(cache.imagePath(order.nci), {
        device: plan.target.device,
        compressor: image.compressor,
        noSizeCheck: image.partclone.deviceSizeBytes > plan.target.sizeBytes,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p.percent, p.rateBytesPerSecond),
      });
      return null;
    } finally {
      await cache.close();
    }
  }

  private async direct(ctx: JobContext, plan: RestorePlan, image: ImageHead, result: JobResult): Promise<void> {
    const { order, repository } = plan;
    const fullSum = await repository.sum(order.nci, 'full.sum', ctx.signal);
    ctx.stage('write');
    await clearForeignFilesystem(plan.target, image);
    const got = await restoreFromUrl(repository.imageUrl(order.nci), {
      headers: repository.headers(),
      device: plan.target.device,
      compressor: image.compressor,
      noSizeCheck: image.partclone.deviceSizeBytes > plan.target.sizeBytes,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p.percent, p.rateBytesPerSecond),
    });
    result.transferredBytes = got.bytes;
    if (got.md5 !== fullSum) {
      throw new ImagingError(
        'checksum',
        `streamed ${order.nci}.img had MD5 ${got.md5}, repository's .full.sum says ${fullSum}; partition ${order.par} is not trustworthy`,
      );
    }
  }
}

/**
 * Before an image is written over a partition holding another kind of filesystem (an ext4 image onto NTFS), wipes
 * the old signatures: partclone writes only the image's used blocks, and a leftover magic elsewhere in the
 * partition would make blkid see two filesystems.
 */
async function clearForeignFilesystem(target: PartitionLayout, image: ImageHead): Promise<void> {
  if (target.filesystem === 'EMPTY' || sameFilesystemFamily(image.partclone.filesystem, target.filesystem)) return;
  await wipeFilesystem(target.device);
}
