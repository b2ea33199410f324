import { Inject, Injectable } from '@nestjs/common';
import type { CrearImagenOrder, JobResult, PartitionLayout } from '@og/contracts';
import {
  captureToUrl,
  describeHttpFailure,
  extFilesystemBytes,
  growExtFilesystem,
  growNtfsFilesystem,
  ImagingError,
  inventorySoftware,
  isInstalled,
  partcloneToolFor,
  probeBlkid,
  shrinkExtFilesystem,
  shrinkNtfsFilesystem,
} from '@og/imaging';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import type { JobContext } from '@agent/modules/jobs/job-context';
import { BadOrderParameterException } from '../cloning-engine.exception';
import { imagingPartition } from './imaging-partition';
import { RepositoryClient } from './repository-client';

/** A checked CrearImagen order. */
export interface CapturePlan {
  order: CrearImagenOrder;
  partition: PartitionLayout;
  partclone: string;
  repository: RepositoryClient;
}

/** CrearImagen: partclone → compressor → chunked PUT to og-repository. */
@Injectable()
export class CaptureWorkflow {
  constructor(
    private readonly disks: DiskInventory,
    @Inject(AGENT_CONFIG) private readonly config: AgentConfig,
  ) {}

  /**
   * Checks the source partition: it exists, is not mounted, is not the CACHE nor an extended container, and holds a
   * filesystem (ext, NTFS, FAT, XFS, btrfs and exFAT by their partclone tool, others block by block).
   * @throws BadOrderParameterException (`dsk`, `par`, `ipr`), DeviceInUseException.
   */
  async plan(order: CrearImagenOrder): Promise<CapturePlan> {
    const repository = repositoryFor(order.ipr, this.config);
    const partition = await imagingPartition(this.disks, order.dsk, order.par, 'captured');
    const type = (await probeBlkid(partition.device)).TYPE ?? '';
    if (type === 'swap')
      throw new BadOrderParameterException(
        'par',
        `par ${order.par} is LINUX-SWAP: a swap partition holds no data to capture`,
      );
    const partclone = partcloneToolFor(type);
    if (!partclone)
      throw new BadOrderParameterException('par', `par ${order.par} is empty: it holds no filesystem to capture`);
    if (!(await isInstalled(partclone)))
      throw new BadOrderParameterException(
        'par',
        `par ${order.par} holds ${type}, and ${partclone} (Debian package partclone) is not installed on this client`,
      );
    return { order, partition, partclone, repository };
  }

  /**
   * Shrinks an ext (resize2fs -M) or NTFS (ntfsresize) filesystem to its minimum (FAT, XFS, btrfs and exFAT are
   * captured whole: an image of them restores into a partition at least as large), streams the image to the repository, and always grows the filesystem
   * back to exactly the size it had before the shrink (which may be less than its partition: a capture never changes
   * the model), even when the capture failed or was cancelled (OpenGnsys ogReduceFs / ogExtendFs).
   * The result carries imageInfo, sha256, transferredBytes and the partition's software inventory (operatingSystem,
   * software) when its OS could be read.
   */
  async run(ctx: JobContext, plan: CapturePlan): Promise<JobResult> {
    const { partition } = plan;
    ctx.stage('check');
    if (await this.disks.isMounted(partition.device)) throw new ImagingError('check', `${partition.device} is mounted`);
    const ext = plan.partclone === 'partclone.extfs';
    const ntfs = plan.partclone === 'partclone.ntfs';
    return this.disks.whileBusy([partition.device], async () => {
      let failed = false;
      let extBytes: number | null = null; // the ext filesystem's size before the shrink
      let ntfsBytes: number | null = null; // the NTFS volume's size before the shrink, when it was shrunk
      let shrunkExt = false; // checked by e2fsck and shrunk: partclone only reads it afterwards
      try {
        // What the image holds, read before the filesystem is shrunk; an unreadable OS never fails the capture.
        const inventory = await inventorySoftware(partition.device, { signal: ctx.signal }).catch(() => null);
        if (ext) {
          extBytes = await extFilesystemBytes(partition.device, ctx.signal);
          await shrinkExtFilesystem(partition.device, ctx.signal);
          shrunkExt = true;
        }
        if (ntfs) {
          const shrink = await shrinkNtfsFilesystem(partition.device, partition.sizeBytes, ctx.signal);
          if (shrink.shrunk) ntfsBytes = shrink.volumeBytes;
        }
        return { ...(await this.capture(ctx, plan)), ...(inventory ?? {}) };
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        // Never leave the PC with a shrunk (nor a grown) filesystem; a capture failure stays the reported error.
        const keepError = (err: Error) => {
          if (!failed) throw err;
        };
        if (extBytes !== null)
          await growExtFilesystem(partition.device, { checked: shrunkExt, sizeBytes: extBytes }).catch(keepError);
        if (ntfsBytes !== null) await growNtfsFilesystem(partition.device, ntfsBytes).catch(keepError);
      }
    });
  }

  private async capture(ctx: JobContext, plan: CapturePlan): Promise<JobResult> {
    const { order, partition } = plan;
    ctx.stage('capture');
    const captured = await captureToUrl({
      device: partition.device,
      partclone: plan.partclone,
      compressor: order.cmp ?? 'zstd',
      zstdLevel: this.config.zstdLevel,
      url: plan.repository.imageUrl(order.nci),
      headers: plan.repository.headers(),
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p.percent, p.rateBytesPerSecond),
    });
    if (captured.status < 200 || captured.status >= 300) {
      throw new ImagingError(
        'upload',
        `repository refused image ${order.nci}: ${describeHttpFailure(captured.status, captured.body)}`,
      );
    }
    ctx.stage('finish');
    return { imageInfo: captured.imageInfo ?? undefined, sha256: captured.sha256, transferredBytes: captured.bytes };
  }
}

/** Repository client for an order's `ipr`. @throws BadOrderParameterException naming `ipr`. */
export function repositoryFor(ipr: string, config: AgentConfig): RepositoryClient {
  try {
    return new RepositoryClient(ipr, config.repositoryPort, config.repositoryToken);
  } catch (err) {
    throw new BadOrderParameterException('ipr', (err as Error).message);
  }
}
