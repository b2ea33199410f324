import { Injectable } from '@nestjs/common';
import type { ConfigurarOrder, JobResult } from '@og/contracts';
import {
  formatCache,
  formatExt4,
  PartitionPlanError,
  PlannedPartition,
  planMsdosTable,
  readDiskGeometry,
  resolveMsdosTypeCode,
  wipeFilesystem,
  writeMsdosTable,
} from '@og/imaging';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import type { JobContext } from '@agent/modules/jobs/job-context';
import { BadOrderParameterException, DeviceInUseException } from '../cloning-engine.exception';

/** A checked Configurar order: the table to write and what to format. */
export interface ConfigurePlan {
  device: string;
  planned: PlannedPartition[];
  /** Partitions to format, with the order's `sfi` (EXT4, CACHE, EMPTY). */
  formats: Array<{ node: string; par: number; sfi: string }>;
}

/** Configurar: write an MSDOS table (1 MiB alignment) and format its partitions. */
@Injectable()
export class ConfigureWorkflow {
  constructor(private readonly disks: DiskInventory) {}

  /**
   * Checks the order against the disk without writing anything.
   * @throws BadOrderParameterException naming `dsk`, `cpt`, `par` or `tam`; DeviceInUseException when a partition of the disk is mounted.
   */
  async plan(order: ConfigurarOrder): Promise<ConfigurePlan> {
    const device = await this.disks.device(order.dsk);
    const entries = order.cfg.map((c) => {
      const code = resolveMsdosTypeCode(c.cpt);
      if (code === null)
        throw new BadOrderParameterException(
          'cpt',
          `cpt "${c.cpt}" of par ${c.par} is not a known MSDOS partition type`,
        );
      return { par: c.par, code, sizeKiB: c.tam, sfi: c.sfi, ope: c.ope };
    });
    const geometry = await readDiskGeometry(device);
    let planned: PlannedPartition[];
    try {
      planned = planMsdosTable(entries, { device, ...geometry });
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
      .map((e) => ({ par: e.par, sfi: e.sfi, node: planned.find((p) => p.par === e.par)!.node }));
    return { device, planned, formats };
  }

  /** Writes the table, formats, and reports the disks as read afterwards. */
  async run(ctx: JobContext, plan: ConfigurePlan): Promise<JobResult> {
    await this.disks.whileBusy(
      plan.planned.map((p) => p.node),
      async () => {
        ctx.stage('partition');
        await writeMsdosTable(plan.device, plan.planned);
        ctx.stage('format');
        for (const [i, f] of plan.formats.entries()) {
          if (ctx.signal.aborted) break;
          if (f.sfi === 'CACHE') await formatCache(f.node);
          else if (f.sfi === 'EXT4') await formatExt4(f.node);
          else await wipeFilesystem(f.node);
          ctx.progress(((i + 1) / plan.formats.length) * 100, 0);
        }
      },
    );
    ctx.stage('finish');
    return { disks: await this.disks.readAll() };
  }
}
