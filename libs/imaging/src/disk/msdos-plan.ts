import { partitionNode } from './sfdisk-layout';

/** One partition to create: number, MSDOS type id (hex) and size in KiB. */
export interface PlannedPartitionInput {
  par: number;
  /** MSDOS type id, lower-case hex (`83`, `ca`). `0` leaves the slot empty. */
  code: string;
  /** Size in KiB (OpenGnsys `tam`). */
  sizeKiB: number;
  /** GPT partition name (`CACHE`); unused on MSDOS. */
  name?: string;
}

/** A partition placed on the disk, in sectors of the disk's logical sector size. */
export interface PlannedPartition extends PlannedPartitionInput {
  node: string;
  startSector: number;
  sizeSectors: number;
}

/** The layout does not fit or is not valid; `parameter` names the offending order field. */
export class PartitionPlanError extends Error {
  constructor(
    public readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** Partitions start on 1 MiB boundaries, the first at 1 MiB. */
export const PARTITION_ALIGNMENT_BYTES = 1024 * 1024;

/**
 * Places primary partitions 1–4 in number order, each starting on a 1 MiB boundary right after the previous one.
 * @param disk device path, size in bytes, logical sector size in bytes.
 * @throws PartitionPlanError on a duplicate or out-of-range number, an extended partition, or when they do not fit.
 */
export function planMsdosTable(
  entries: PlannedPartitionInput[],
  disk: { device: string; sizeBytes: number; sectorSize: number },
): PlannedPartition[] {
  const seen = new Set<number>();
  for (const e of entries) {
    if (e.par < 1 || e.par > 4)
      throw new PartitionPlanError('par', `par ${e.par}: only primary partitions 1–4 are supported on MSDOS`);
    if (seen.has(e.par)) throw new PartitionPlanError('par', `par ${e.par} appears twice`);
    seen.add(e.par);
    if (e.code === '5' || e.code === 'f' || e.code === '85')
      throw new PartitionPlanError('cpt', `par ${e.par}: extended partitions are not supported yet`);
  }
  const totalSectors = Math.floor(disk.sizeBytes / disk.sectorSize);
  return placePartitions(entries, disk, Math.min(totalSectors, 2 ** 32));
}

/**
 * Places GPT partitions 1–128 in number order, each on a 1 MiB boundary right after the previous one, before the
 * backup GPT (header and 16 KiB of entries at the end of the disk). Entries with code `0` are left out.
 * @param entries `code` is a gdisk code (`8300`, `ef00`), `name` the partition name (`CACHE`).
 * @throws PartitionPlanError on a duplicate or out-of-range number, or when they do not fit.
 */
export function planGptTable(
  entries: PlannedPartitionInput[],
  disk: { device: string; sizeBytes: number; sectorSize: number },
): PlannedPartition[] {
  const seen = new Set<number>();
  for (const e of entries) {
    if (e.par < 1 || e.par > 128) throw new PartitionPlanError('par', `par ${e.par}: GPT partitions are 1–128`);
    if (seen.has(e.par)) throw new PartitionPlanError('par', `par ${e.par} appears twice`);
    seen.add(e.par);
  }
  const totalSectors = Math.floor(disk.sizeBytes / disk.sectorSize);
  const backup = 1 + Math.ceil(16384 / disk.sectorSize);
  return placePartitions(entries, disk, totalSectors - backup);
}

/** Lays partitions out in number order on 1 MiB boundaries; `limit` is the first sector they may not reach. */
function placePartitions(
  entries: PlannedPartitionInput[],
  disk: { device: string; sizeBytes: number; sectorSize: number },
  limit: number,
): PlannedPartition[] {
  const align = PARTITION_ALIGNMENT_BYTES / disk.sectorSize;
  let cursor = align;
  const planned: PlannedPartition[] = [];
  for (const e of [...entries].sort((a, b) => a.par - b.par)) {
    if (e.code === '0') continue;
    const start = Math.ceil(cursor / align) * align;
    const size = Math.ceil((e.sizeKiB * 1024) / disk.sectorSize);
    if (start + size > limit) {
      const needKiB = ((start + size) * disk.sectorSize) / 1024;
      throw new PartitionPlanError(
        'tam',
        `partitions do not fit: they need ${needKiB} KiB with 1 MiB alignment up to par ${e.par}, disk ${disk.device} has ${Math.floor(
          (limit * disk.sectorSize) / 1024,
        )} KiB`,
      );
    }
    planned.push({ ...e, node: partitionNode(disk.device, e.par), startSector: start, sizeSectors: size });
    cursor = start + size;
  }
  return planned;
}

/** sgdisk arguments creating a planned GPT table on a zapped disk (`-n N:start:end -t N:code [-c N:name]`). */
export function gptSgdiskArgs(planned: PlannedPartition[]): string[] {
  const args: string[] = [];
  for (const p of planned) {
    args.push('-n', `${p.par}:${p.startSector}:${p.startSector + p.sizeSectors - 1}`, '-t', `${p.par}:${p.code}`);
    if (p.name) args.push('-c', `${p.par}:${p.name}`);
  }
  return args;
}

/** The sfdisk script for a planned MSDOS table (`label: dos`, sectors). */
export function msdosSfdiskScript(planned: PlannedPartition[]): string {
  const lines = planned.map((p) => `${p.node} : start=${p.startSector}, size=${p.sizeSectors}, type=${p.code}`);
  return ['label: dos', 'unit: sectors', '', ...lines, ''].join('\n');
}
