import { Injectable } from '@nestjs/common';
import type { ConfigurarOrder, JobResult } from '@og/contracts';
import {
  formatFilesystem,
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
  /** Partitions to format, with the order's `sfi` (EXT4, EXT3, EXT2, NTFS, FAT32, LINUX-SWAP, CACHE, EMPTY). */
  formats: Array<{ node: string; par: number; sfi: string; startSector: number }>;
}

/** Configurar: write an MSDOS (sfdisk) or GPT (sgdisk) table with 1 MiB alignment and format its partitions. */
@Injectable()
export class ConfigureWorkflow {
  constructor(private readonly disks: DiskInventory) {}

  /**
   * Checks the order against the disk without writing anything.
   * @throws BadOrderParameterException naming `dsk`, `cpt`, `par` or `tam`; DeviceInUseException when a partition of the disk is mounted.
   */
  async plan(order: ConfigurarOrder): Promise<ConfigurePlan> {
    const device = await this.disks.device(order.dsk);
    const tableType = order.ttp ?? 'MSDOS';
    const entries = order.cfg.map((c) => ({
      ...typeOf(tableType, c.cpt, c.par),
      par: c.par,
      sizeKiB: c.tam,
      sfi: c.sfi,
      ope: c.ope,
    }));
    const geometry = await readDiskGeometry(device);
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
    const layout = await this.disks.read(order.dsk);
    for (const p of layout.partitions) {
      if (await this.disks.isMounted(p.device))
        throw new DeviceInUseException('dsk', `dsk ${order.dsk}: partition ${p.device} is mounted`);
    }
    if (await this.disks.isMounted(device))
      throw new DeviceInUseException('dsk', `dsk ${order.dsk}: ${device} is mounted`);
    const formats = entries
      .filter((e) => e.code !== '0' && e.ope !== 0)
      .map((e) => {
        const p = planned.find((x) => x.par === e.par)!;
        return { par: e.par, sfi: e.sfi, node: p.node, startSector: p.startSector };
      });
    return { device, tableType, sectorSize: geometry.sectorSize, planned, formats };
  }

  /** Writes the table, formats, and reports the disks as read afterwards. */
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
    return { disks: await this.disks.readAll() };
  }
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
