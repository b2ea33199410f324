import { DomainException } from '@og/nest-common';
import type { ClientEntity } from '@core/modules/clients/client.entity';
import type { ClientPartitionEntity } from '@core/modules/clients/client-partition.entity';

/** Bytes left before the first partition and for alignment (1 MiB). */
const ALIGNMENT_BYTES = 1048576;

/**
 * The partition `disk`/`partition` of a client as its agent last reported it.
 * @throws DomainException PARTITION_UNKNOWN naming the client when it was never reported.
 */
export function findPartition(client: ClientEntity, disk: number, partition: number): ClientPartitionEntity {
  if (!client.partitions?.some((p) => p.disk === disk && p.partition === 0))
    throw new DomainException(
      'DISK_UNKNOWN',
      `disk: ${client.name} has no disk ${disk} (as last reported by its agent)`,
    );
  const found = client.partitions?.find((p) => p.disk === disk && p.partition === partition);
  if (!found)
    throw new DomainException(
      'PARTITION_UNKNOWN',
      `partition: ${client.name} has no partition ${partition} on disk ${disk} (as last reported by its agent)`,
    );
  return found;
}

/**
 * Refuses a layout that cannot fit the client's disk as last reported.
 * @throws DomainException DISK_UNKNOWN / LAYOUT_TOO_LARGE naming the client and sizes in bytes.
 */
export function checkLayoutFits(client: ClientEntity, disk: number, partitions: Array<{ sizeBytes: number }>): void {
  const row = client.partitions?.find((p) => p.disk === disk && p.partition === 0);
  if (!row)
    throw new DomainException(
      'DISK_UNKNOWN',
      `disk: ${client.name} has no disk ${disk} (its agent has not reported one)`,
    );
  const needed = partitions.reduce((sum, p) => sum + p.sizeBytes, 0) + ALIGNMENT_BYTES;
  if (needed > row.sizeBytes)
    throw new DomainException(
      'LAYOUT_TOO_LARGE',
      `partitions: ${needed} bytes requested, disk ${disk} of ${client.name} has ${row.sizeBytes}`,
    );
}

/**
 * The client's CACHE partition as its agent last reported it (filesystem `CACHE`: ext4 labelled CACHE).
 * @throws DomainException NO_CACHE naming the client when it has none.
 */
export function findCache(client: ClientEntity): ClientPartitionEntity {
  const found = client.partitions?.find((p) => p.partition > 0 && p.filesystem === 'CACHE');
  if (!found)
    throw new DomainException(
      'NO_CACHE',
      `clientIds: ${client.name} has no CACHE partition (as last reported by its agent)`,
    );
  return found;
}
