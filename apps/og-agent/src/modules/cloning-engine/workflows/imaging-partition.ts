import type { PartitionLayout } from '@og/contracts';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import { BadOrderParameterException, DeviceInUseException } from '../cloning-engine.exception';

/**
 * The partition an imaging order reads or writes: it must exist, not be the CACHE and not be mounted.
 * @param use what the order does to it, for the message (`captured`, `overwritten`).
 * @throws DomainException PARTITION_NOT_FOUND / DISK_NOT_FOUND, BadOrderParameterException (`par`), DeviceInUseException.
 */
export async function imagingPartition(
  disks: DiskInventory,
  dsk: number,
  par: number,
  use: string,
): Promise<PartitionLayout> {
  const partition = await disks.partition(dsk, par);
  if (partition.filesystem === 'CACHE')
    throw new BadOrderParameterException('par', `par ${par} is the CACHE partition and cannot be ${use}`);
  if (await disks.isMounted(partition.device))
    throw new DeviceInUseException('par', `par ${par}: ${partition.device} is mounted`);
  return partition;
}
