import { partitionNode } from './sfdisk-layout';

/** One partition to create: number, MSDOS type id (hex) and size in KiB. */
export interface PlannedPartitionInput {
  par: number;
  /** MSDOS type id, lower-case hex (`83`, `ca`, `f` for the extended partition). `0` leaves the slot empty. */
  code: string;
  /** Size in KiB (OpenGnsys `tam`). */
  sizeKiB: number;
  /** GPT partition name (`CACHE`); unused on MSDOS. */
  name?: string;
  /**
   * First sector (logical sectors of the disk) of a partition kept where it is, data untouched (an existing CACHE
   * kept by Configurar `che=1`); the others are laid around it. Absent: placed after the previous partition.
   */
  keepAtSector?: number;
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

/** MSDOS type ids of an extended partition (a container of logical partitions): `5`, `f` (LBA), `85` (Linux). */
export const MSDOS_EXTENDED_CODES: readonly string[] = ['5', 'f', '85'];

/** True when an MSDOS type id (lower-case hex) is an extended partition. */
export function isExtendedCode(code: string): boolean {
  return MSDOS_EXTENDED_CODES.includes(code.toLowerCase());
}

interface DiskGeometry {
  device: string;
  /** Disk size in bytes. */
  sizeBytes: number;
  /** Logical sector size in bytes (512 or 4096). */
  sectorSize: number;
}

/**
 * Places an MSDOS table as OpenGnsys' `ogCreatePartitions`: primary partitions 1–4 (one of them may be the extended
 * partition, code `5`/`f`/`85`) in number order, each on a 1 MiB boundary right after the previous one; logical
 * partitions 5, 6, … inside the extended one, in number order, each starting on the next 1 MiB boundary after the
 * sector that holds its EBR (the first at extended start + 1 MiB). Entries with code `0` leave their slot empty.
 * A partition with `keepAtSector` stays at that sector and the others are laid around it.
 * @param disk device path, size in bytes, logical sector size in bytes.
 * @throws PartitionPlanError naming `par` (bad, duplicate or gapped number; logical without extended; extended
 *   above 4), `cpt` (two extended partitions, empty logical), `tam` (larger than the disk or the extended
 *   partition, overlapping a kept partition) or `che` (a kept partition before the first MiB) — all before anything
 *   is written.
 */
export function planMsdosTable(entries: PlannedPartitionInput[], disk: DiskGeometry): PlannedPartition[] {
  checkNumbers(entries, 1, 128, 'MSDOS partitions are 1–4 (primary) and 5 and above (logical)');
  const extended = entries.filter((e) => isExtendedCode(e.code));
  if (extended.length > 1)
    throw new PartitionPlanError(
      'cpt',
      `par ${extended.map((e) => e.par).join(' and par ')} are all extended: an MSDOS table holds one extended partition`,
    );
  const ext = extended[0];
  if (ext && ext.par > 4)
    throw new PartitionPlanError('par', `par ${ext.par}: the extended partition must be a primary one (1–4)`);
  const logical = entries.filter((e) => e.par > 4).sort((a, b) => a.par - b.par);
  if (logical.length && !ext)
    throw new PartitionPlanError(
      'par',
      `par ${logical[0].par} is a logical partition (5 and above) but no extended partition (cpt 5, f or EXTENDED) ` +
        'is listed: an MSDOS table has at most 4 primary partitions',
    );
  logical.forEach((e, i) => {
    if (e.par !== 5 + i)
      throw new PartitionPlanError(
        'par',
        `par ${e.par}: logical partitions are numbered 5, 6, … without gaps (expected par ${5 + i})`,
      );
    if (e.code === '0') throw new PartitionPlanError('cpt', `par ${e.par}: a logical partition cannot be EMPTY`);
  });
  const totalSectors = Math.floor(disk.sizeBytes / disk.sectorSize);
  const limit = Math.min(totalSectors, 2 ** 32);
  const primaries = placeInOrder(
    entries.filter((e) => e.par <= 4),
    disk,
    diskArea(disk, limit),
  );
  const container = primaries.find((p) => isExtendedCode(p.code));
  if (!container) return primaries;
  // The first logical's EBR is the extended partition's first sector; each later EBR sits in the gap before its logical.
  const first = container.startSector;
  const inside = placeInOrder(logical, disk, {
    first,
    limit: first + container.sizeSectors,
    gap: 1,
    tooSmall: (end, par) =>
      `logical partitions do not fit in the extended par ${container.par}: with 1 MiB alignment and an EBR before ` +
      `each they need ${kib(end - first, disk)} KiB up to par ${par}, it has ${kib(container.sizeSectors, disk)} KiB`,
  });
  return [...primaries, ...inside];
}

/**
 * Places GPT partitions 1–128 in number order, each on a 1 MiB boundary right after the previous one, before the
 * backup GPT (header and 16 KiB of entries at the end of the disk). Entries with code `0` are left out; a partition
 * with `keepAtSector` stays there and the others are laid around it.
 * @param entries `code` is a gdisk code (`8300`, `ef00`), `name` the partition name (`CACHE`).
 * @throws PartitionPlanError on a duplicate or out-of-range number (`par`), or when they do not fit or overlap a
 *   kept partition (`tam`).
 */
export function planGptTable(entries: PlannedPartitionInput[], disk: DiskGeometry): PlannedPartition[] {
  checkNumbers(entries, 1, 128, 'GPT partitions are 1–128');
  const totalSectors = Math.floor(disk.sizeBytes / disk.sectorSize);
  const backup = 1 + Math.ceil(16384 / disk.sectorSize);
  return placeInOrder(entries, disk, diskArea(disk, totalSectors - backup));
}

function checkNumbers(entries: PlannedPartitionInput[], min: number, max: number, range: string): void {
  const seen = new Set<number>();
  for (const e of entries) {
    if (!Number.isInteger(e.par) || e.par < min || e.par > max)
      throw new PartitionPlanError('par', `par ${e.par}: ${range}`);
    if (seen.has(e.par)) throw new PartitionPlanError('par', `par ${e.par} appears twice`);
    seen.add(e.par);
  }
}

function alignSectors(disk: DiskGeometry): number {
  return Math.max(1, PARTITION_ALIGNMENT_BYTES / disk.sectorSize);
}

function kib(sectors: number, disk: DiskGeometry): number {
  return Math.floor((sectors * disk.sectorSize) / 1024);
}

/** The whole disk from the first MiB up to `limit` (exclusive). */
function diskArea(disk: DiskGeometry, limit: number): PlacementArea {
  return {
    first: alignSectors(disk),
    limit,
    gap: 0,
    tooSmall: (end, par) =>
      `partitions do not fit: they need ${kib(end, disk)} KiB with 1 MiB alignment up to par ${par}, ` +
      `disk ${disk.device} has ${kib(limit, disk)} KiB`,
  };
}

/** Where {@link placeInOrder} lays partitions: sectors `first` (inclusive) to `limit` (exclusive). */
interface PlacementArea {
  first: number;
  limit: number;
  /** Sectors kept free before each partition (1 for the EBR of a logical partition). */
  gap: number;
  /** Message when they do not fit, given the sector the last one would end at. */
  tooSmall: (endSector: number, par: number) => string;
}

/**
 * Lays partitions out in number order on 1 MiB boundaries inside `area`. Kept partitions stay at their sector; the
 * partitions before one of them must end before it (OpenGnsys refuses a layout overlapping the kept CACHE).
 */
function placeInOrder(entries: PlannedPartitionInput[], disk: DiskGeometry, area: PlacementArea): PlannedPartition[] {
  const align = alignSectors(disk);
  let cursor = area.first;
  const planned: PlannedPartition[] = [];
  for (const e of [...entries].sort((a, b) => a.par - b.par)) {
    if (e.code === '0') continue;
    const size = Math.ceil((e.sizeKiB * 1024) / disk.sectorSize);
    const start = e.keepAtSector ?? Math.ceil((cursor + area.gap) / align) * align;
    if (e.keepAtSector !== undefined && start < cursor + area.gap) {
      const previous = planned[planned.length - 1];
      if (!previous)
        throw new PartitionPlanError(
          'che',
          `the kept par ${e.par} starts at sector ${start}, before sector ${area.first + area.gap} where this ` +
            'layout may place partitions',
        );
      throw new PartitionPlanError(
        'tam',
        `par ${previous.par} (up to sector ${cursor - 1}) would overlap the kept par ${e.par} ` +
          `(sectors ${start}–${start + size - 1}): the partitions before it must end before it`,
      );
    }
    if (start + size > area.limit) throw new PartitionPlanError('tam', area.tooSmall(start + size, e.par));
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
