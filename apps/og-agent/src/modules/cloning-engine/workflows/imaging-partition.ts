import type { PartitionLayout } from '@og/contracts';
import { isExtendedCode } from '@og/imaging';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import { BadOrderParameterException, DeviceInUseException } from '../cloning-engine.exception';

/**
 * The partition an imaging order reads or writes: it must exist, not be the CACHE nor an extended container, and not
 * be mounted.
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
  if (isExtendedCode(partition.code))
    throw new BadOrderParameterException(
      'par',
      `par ${par} is an extended partition, a container of the logical partitions 5 and above: it cannot be ${use}`,
    );
  if (partition.filesystem === 'CACHE')
    throw new BadOrderParameterException('par', `par ${par} is the CACHE partition and cannot be ${use}`);
  if (await disks.isMounted(partition.device))
    throw new DeviceInUseException('par', `par ${par}: ${partition.device} is mounted`);
  return partition;
}
