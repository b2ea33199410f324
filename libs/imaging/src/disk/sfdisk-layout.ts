import type { DiskLayout, PartitionLayout, PartitionTableType } from '@og/contracts';
import { partitionCodeFromSfdisk } from './partition-types';

/** `sfdisk --json <disk>` output (the fields we read). */
export interface SfdiskJson {
  partitiontable: {
    label: 'dos' | 'gpt' | string;
    device: string;
    unit?: string;
    sectorsize?: number;
    partitions?: Array<{ node: string; start: number; size: number; type: string; name?: string }>;
  };
}

/**
 * Partition number of a node of `disk`: `/dev/loop3p12` → 12, `/dev/sda10` → 10, `/dev/nvme0n1p2` → 2.
 * @throws Error when `node` is not a partition of `disk`.
 */
export function partitionNumberOf(disk: string, node: string): number {
  const suffix = node.startsWith(disk) ? node.slice(disk.length) : '';
  const m = /^p?(\d+)$/.exec(suffix);
  if (!m) throw new Error(`${node} is not a partition of ${disk}`);
  return Number(m[1]);
}

/** Node of partition `n` of `disk`: `p` before the number when the disk name ends in a digit (`loop3p1`, `nvme0n1p1`, `sda1`). */
export function partitionNode(disk: string, n: number): string {
  return /\d$/.test(disk) ? `${disk}p${n}` : `${disk}${n}`;
}

/**
 * Turns `sfdisk --json` into a {@link DiskLayout} with partitions sorted by number. Filesystem, OS and used bytes
 * are left empty (`EMPTY`, '', null) for the prober to fill in.
 * @param disk disk number (1-based), device, size in bytes and logical sector size in bytes.
 */
export function parseSfdiskJson(
  json: SfdiskJson | null,
  disk: { disk: number; device: string; sizeBytes: number; sectorSize: number },
): DiskLayout {
  const table = json?.partitiontable;
  const tableType: PartitionTableType = !table
    ? 'NONE'
    : table.label === 'gpt'
      ? 'GPT'
      : table.label === 'dos'
        ? 'MSDOS'
        : 'NONE';
  const sectorSize = table?.sectorsize ?? disk.sectorSize;
  const partitions: PartitionLayout[] = (table?.partitions ?? [])
    .map((p) => ({
      disk: disk.disk,
      partition: partitionNumberOf(disk.device, p.node),
      device: p.node,
      code: partitionCodeFromSfdisk(p.type),
      filesystem: 'EMPTY',
      os: '',
      startSector: p.start,
      sizeBytes: p.size * sectorSize,
      usedBytes: null,
    }))
    .sort((a, b) => a.partition - b.partition);
  return { disk: disk.disk, device: disk.device, tableType, sizeBytes: disk.sizeBytes, sectorSize, partitions };
}
