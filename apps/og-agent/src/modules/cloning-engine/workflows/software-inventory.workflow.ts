import type { InventarioSoftwareOrder, JobResult, PartitionLayout } from '@og/contracts';
import { inventorySoftware } from '@og/imaging';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import type { JobContext } from '@agent/modules/jobs/job-context';

/** InventarioSoftware: what is installed on the OS of one partition, read from a read-only mount. */
export class SoftwareInventoryWorkflow {
  constructor(private readonly disks: DiskInventory) {}

  /** The partition to read. @throws DomainException 400 `DISK_NOT_FOUND` / `PARTITION_NOT_FOUND` naming dsk/par. */
  async plan(order: InventarioSoftwareOrder): Promise<{ partition: PartitionLayout; diskDevice: string }> {
    return {
      diskDevice: await this.disks.device(order.dsk),
      partition: await this.disks.partition(order.dsk, order.par),
    };
  }

  /**
   * Mounts the partition read-only (or reads its existing mount), lists dpkg, rpm and Windows software, unmounts.
   * @throws ImagingError stage `inventory` (no filesystem, cannot mount, unreadable package database).
   */
  async run(ctx: JobContext, partition: PartitionLayout): Promise<JobResult> {
    ctx.stage('inventory');
    const { operatingSystem, software } = await inventorySoftware(partition.device, { signal: ctx.signal });
    return { operatingSystem, software };
  }
}
