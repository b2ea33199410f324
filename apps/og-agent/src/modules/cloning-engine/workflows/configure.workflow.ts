import { Injectable } from '@nestjs/common';
import type { ConfigurarOrder, DiskLayout, JobResult } from '@og/contracts';
import {
  FORMAT_TOOLS,
  formatFilesystem,
  isExtendedCode,
  isInstalled,
  PartitionPlanError,
  PlannedPartition,
  PlannedPartitionInput,
  planGptTable,
  planMsdosTable,
  readDiskGeometry,
  resolveGptType,
  resolveMsdosTypeCode,
  writeGptTable,
  writeMsdosTable,
} from '@og/imaging';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import type { JobContext } from '@agent/modules/jobs/job-context';
import { BadOrderParameterException, DeviceInUseException } from '../cloning-engine.exception';

/** A checked Configurar order: the table to write and what to format. */
export interface ConfigurePlan {
  device: string;
  tableType: 'MSDOS' | 'GPT';
  sectorSize: number;
  planned: PlannedPartition[];
  /** Partitions to format, with the order's `sfi` (EXT4, XFS, NTFS, FAT32, LINUX-SWAP, CACHE, EMPTY…). */
  formats: Array<{ node: string; par: number; sfi: string; startSector: number }>;
  /** The existing CACHE kept in place by `che=1` (its number in the new table), or null. */
  keptCache: { par: number; startSector: number; sizeBytes: number } | null;
}

/** One `cfg` entry with its resolved type. */
type Entry = PlannedPartitionInput & { sfi: string; ope?: number };

/**
 * Configurar: write an MSDOS (sfdisk, with an extended partition and logical ones) or GPT (sgdisk) table with 1 MiB
 * alignment, keeping an existing CACHE when asked (`che=1`), and format its partitions.
 */
@Injectable()
export class ConfigureWorkflow {
  constructor(private readonly disks: DiskInventory) {}

  /**
   * Checks the order against the disk without writing anything.
   * @throws BadOrderParameterException naming `dsk`, `cpt`, `par`, `tam`, `che`, or `sfi` (its mkfs program is not
   *   installed); DeviceInUseException when a partition of the disk is mounted.
   */
  async plan(order: ConfigurarOrder): Promise<ConfigurePlan> {
    const device = await this.disks.device(order.dsk);
    const tableType = order.ttp ?? 'MSDOS';
    const entries: Entry[] = order.cfg.map((c) => ({
      ...typeOf(tableType, c.cpt, c.par),
      par: c.par,
      sizeKiB: c.tam,
      sfi: c.sfi,
      ope: c.ope,
    }));
    const geometry = await readDiskGeometry(device);
    const layout = await this.disks.read(order.dsk);
    const keptCache = order.che === '1' ? keepCache(order, tableType, layout, entries) : null;
    let planned: PlannedPartition[];
    try {
      planned =
        tableType === 'GPT'
          ? planGptTable(entries, { device, ...geometry })
          : planMsdosTable(entries, { device, ...geometry });
    } catch (err) {
      if (err instanceof PartitionPlanError) throw new BadOrderParameterException(err.parameter, err.message);
      throw err;
    }
    for (const p of layout.partitions) {
      if (await this.disks.isMounted(p.device))
        throw new DeviceInUseException('dsk', `dsk ${order.dsk}: partition ${p.device} is mounted`);
    }
    if (await this.disks.isMounted(device))
      throw new DeviceInUseException('dsk', `dsk ${order.dsk}: ${device} is mounted`);
    const formats = planned
      .map((p) => ({ p, e: entries.find((x) => x.par === p.par)! }))
      .filter(({ p, e }) => e.ope !== 0 && p.keepAtSector === undefined)
      .filter(({ p }) => tableType === 'GPT' || !isExtendedCode(p.code))
      .map(({ p, e }) => ({ par: p.par, sfi: e.sfi, node: p.node, startSector: p.startSector }));
    for (const f of formats) {
      const tool = FORMAT_TOOLS[f.sfi as keyof typeof FORMAT_TOOLS];
      if (tool && !(await isInstalled(tool[0])))
        throw new BadOrderParameterException(
          'sfi',
          `sfi ${f.sfi} of par ${f.par} needs ${tool[0]} (Debian package ${tool[1]}), which is not installed on this client`,
        );
    }
    return { device, tableType, sectorSize: geometry.sectorSize, planned, formats, keptCache };
  }

  /** Writes the table, formats, and reports the disks as read afterwards (and `cacheKept` when `che=1` kept it). */
  async run(ctx: JobContext, plan: ConfigurePlan): Promise<JobResult> {
    await this.disks.whileBusy(
      plan.planned.map((p) => p.node),
      async () => {
        ctx.stage('partition');
        if (plan.tableType === 'GPT') await writeGptTable(plan.device, plan.planned);
        else await writeMsdosTable(plan.device, plan.planned);
        ctx.stage('format');
        for (const [i, f] of plan.formats.entries()) {
          if (ctx.signal.aborted) break;
          await formatFilesystem(f.node, f.sfi, { startSector: f.startSector, sectorSize: plan.sectorSize });
          ctx.progress(((i + 1) / plan.formats.length) * 100, 0);
        }
      },
    );
    ctx.stage('finish');
    return { disks: await this.disks.readAll(), ...(plan.keptCache ? { cacheKept: true } : {}) };
  }
}

/**
 * OpenGnsys `che=1`: when `layout` has a CACHE (ext4 labelled CACHE) whose size equals the requested one — the
 * `cfg` entry with `sfi` CACHE (or a CACHE type), else `tch`, else its own size — that entry is pinned at the
 * CACHE's sectors (`keepAtSector`, not wiped nor formatted). Without a CACHE entry in `cfg`, one is added at the
 * CACHE's own number. Mutates `entries`.
 * @returns the kept CACHE, or null when there is none or its size differs (then it is made anew).
 * @throws BadOrderParameterException naming `che` when the added entry's number is taken by another `cfg` entry.
 */
function keepCache(order: ConfigurarOrder, tableType: 'MSDOS' | 'GPT', layout: DiskLayout, entries: Entry[]) {
  const existing = layout.partitions.find((p) => p.filesystem === 'CACHE');
  if (!existing) return null;
  let entry = entries.find((e) => e.sfi === 'CACHE') ?? entries.find((e) => e.code === 'ca' || e.name === 'CACHE');
  if (!entry) {
    if (entries.some((e) => e.par === existing.partition))
      throw new BadOrderParameterException(
        'che',
        `che=1 keeps the CACHE as par ${existing.partition}, but cfg lists another par ${existing.partition}`,
      );
    const sizeKiB = order.tch || existing.sizeBytes / 1024;
    entry = { ...typeOf(tableType, 'CACHE', existing.partition), par: existing.partition, sizeKiB, sfi: 'CACHE' };
    entries.push(entry);
  }
  if (entry.sizeKiB * 1024 !== existing.sizeBytes) return null;
  entry.keepAtSector = existing.startSector;
  return { par: entry.par, startSector: existing.startSector, sizeBytes: existing.sizeBytes };
}

/** The type code (and GPT name) of one `cfg` entry. @throws BadOrderParameterException naming `cpt`. */
function typeOf(tableType: 'MSDOS' | 'GPT', cpt: string, par: number): Pick<PlannedPartitionInput, 'code' | 'name'> {
  if (tableType === 'GPT') {
    const type = resolveGptType(cpt);
    if (!type)
      throw new BadOrderParameterException('cpt', `cpt "${cpt}" of par ${par} is not a known GPT partition type`);
    return type;
  }
  const code = resolveMsdosTypeCode(cpt);
  if (code === null)
    throw new BadOrderParameterException('cpt', `cpt "${cpt}" of par ${par} is not a known MSDOS partition type`);
  return { code };
}
