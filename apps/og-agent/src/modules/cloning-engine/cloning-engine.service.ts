import { Inject, Injectable } from '@nestjs/common';
import {
  ActualizarCacheOrder,
  ActualizarOrder,
  AgentConfigView,
  AgentJobAccepted,
  AgentJobView,
  AgentNfn,
  AgentOrderBase,
  AgentStatusView,
  ApagarOrder,
  ConfigurarOrder,
  CrearImagenOrder,
  EjecutarScriptOrder,
  EliminarImagenCacheOrder,
  IniciarSesionOrder,
  InventarioHardwareOrder,
  InventarioSoftwareOrder,
  JobResult,
  ReiniciarOrder,
  RestaurarImagenOrder,
} from '@og/contracts';
import { ConflictDomainException } from '@og/nest-common';
import { ImagingError, readHardwareInventory, runBashScript } from '@og/imaging';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import { JobRegistry } from '@agent/modules/jobs/job-registry.service';
import { AgentPresence } from '@agent/modules/reporting/agent-presence.service';
import { BadOrderParameterException } from './cloning-engine.exception';
import { CacheUpdateWorkflow } from './workflows/cache-update.workflow';
import { CaptureWorkflow } from './workflows/capture.workflow';
import { ConfigureWorkflow } from './workflows/configure.workflow';
import { bootCommand, PowerWorkflow } from './workflows/power.workflow';
import { RestoreWorkflow } from './workflows/restore.workflow';
import { SoftwareInventoryWorkflow } from './workflows/software-inventory.workflow';

/**
 * Accepts OpenGnsys orders: checks what is cheap to check (400/409 before anything is touched), then runs the
 * work as a background job and answers `{ job_id }`.
 */
@Injectable()
export class CloningEngineService {
  private readonly softwareInventory: SoftwareInventoryWorkflow;
  private readonly cacheUpdate: CacheUpdateWorkflow;
  private readonly power: PowerWorkflow;
  /** Devices (partitions, or whole disks for Configurar) each disk job writes, by job id. */
  private readonly writes = new Map<string, string[]>();

  constructor(
    @Inject(AGENT_CONFIG) private readonly config: AgentConfig,
    private readonly jobs: JobRegistry,
    private readonly disks: DiskInventory,
    private readonly restore: RestoreWorkflow,
    private readonly capture: CaptureWorkflow,
    private readonly configure: ConfigureWorkflow,
    presence: AgentPresence,
  ) {
    this.softwareInventory = new SoftwareInventoryWorkflow(disks);
    this.cacheUpdate = new CacheUpdateWorkflow(disks, config);
    this.power = new PowerWorkflow(config, () => void presence.announce());
  }

  /** RestaurarImagen: restore image `nci` onto `dsk`/`par` (UNICAST-CACHE or UNICAST-DIRECT). */
  async restaurarImagen(order: RestaurarImagenOrder): Promise<AgentJobAccepted> {
    this.admit('RestaurarImagen', order.nfn);
    const plan = await this.restore.plan(order);
    return this.start('RestaurarImagen', order.ids, (ctx) => this.restore.run(ctx, plan), [plan.target.device]);
  }

  /** CrearImagen: capture `dsk`/`par` as image `nci` into the repository (its filesystem is shrunk meanwhile). */
  async crearImagen(order: CrearImagenOrder): Promise<AgentJobAccepted> {
    this.admit('CrearImagen', order.nfn);
    const plan = await this.capture.plan(order);
    return this.start('CrearImagen', order.ids, (ctx) => this.capture.run(ctx, plan), [plan.partition.device]);
  }

  /** Configurar: write the partition table of `dsk` and format its partitions. */
  async configurar(order: ConfigurarOrder): Promise<AgentJobAccepted> {
    this.admit('Configurar', order.nfn);
    const plan = await this.configure.plan(order);
    return this.start(
      'Configurar',
      order.ids,
      async (ctx) => {
        try {
          return await this.configure.run(ctx, plan);
        } catch (err) {
          const disks = await this.disks.readAll().catch(() => undefined);
          throw Object.assign(err as Error, { result: { disks } satisfies JobResult });
        }
      },
      [plan.device],
    );
  }

  /**
   * InventarioSoftware: dpkg/rpm/Windows software and the OS of `dsk`/`par` in `result.software` and
   * `result.operatingSystem`. Runs beside other jobs, but not on a partition a disk job is writing.
   * @throws ConflictDomainException `PARTITION_BEING_WRITTEN` (409).
   */
  async inventarioSoftware(order: InventarioSoftwareOrder): Promise<AgentJobAccepted> {
    this.checkNfn('InventarioSoftware', order.nfn);
    const { partition, diskDevice } = await this.softwareInventory.plan(order);
    const writer = this.writerOf([partition.device, diskDevice]);
    if (writer)
      throw new ConflictDomainException(
        'PARTITION_BEING_WRITTEN',
        `par ${order.par} of disk ${order.dsk} is being written by job ${writer}`,
        { jobId: writer },
      );
    return this.startBeside('InventarioSoftware', order, (ctx) => this.softwareInventory.run(ctx, partition));
  }

  /** ActualizarCache: bring image `nci` from `ipr` into the CACHE (no restore); result.cacheImages, cacheHit. */
  async actualizarCache(order: ActualizarCacheOrder): Promise<AgentJobAccepted> {
    this.admit('ActualizarCache', order.nfn);
    const plan = this.cacheUpdate.plan(order);
    return this.start('ActualizarCache', order.ids, (ctx) => this.cacheUpdate.update(ctx, plan));
  }

  /** EliminarImagenCache: delete `nci` and its auxiliary files from the CACHE; result.cacheImages. */
  eliminarImagenCache(order: EliminarImagenCacheOrder): AgentJobAccepted {
    this.admit('EliminarImagenCache', order.nfn);
    return this.start('EliminarImagenCache', order.ids, (ctx) => this.cacheUpdate.remove(ctx, order));
  }

  /**
   * Actualizar: reads the disks again (OpenGnsys getConfiguration) into `result.disks`. Not announced as
   * `agent.started`, which tells og-core the PC is idle: og-core applies the job result instead. Runs beside a disk
   * job (the partitions it writes are then read from the table only).
   */
  actualizar(order: ActualizarOrder): AgentJobAccepted {
    this.checkNfn('Actualizar', order.nfn);
    return this.startBeside('Actualizar', order, async (ctx) => {
      ctx.stage('inventory');
      const disks = await this.disks.readAll(!this.jobs.busy());
      return { disks };
    });
  }

  /** Apagar: OG_AGENT_POWEROFF_COMMAND, once the answer has gone out. @throws 409 while a disk job runs. */
  apagar(order: ApagarOrder): AgentJobAccepted {
    this.admit('Apagar', order.nfn);
    return this.start('Apagar', order.ids, (ctx) => this.power.run(ctx, this.config.power.poweroff));
  }

  /** Reiniciar: OG_AGENT_REBOOT_COMMAND, once the answer has gone out. @throws 409 while a disk job runs. */
  reiniciar(order: ReiniciarOrder): AgentJobAccepted {
    this.admit('Reiniciar', order.nfn);
    return this.start('Reiniciar', order.ids, (ctx) => this.power.run(ctx, this.config.power.reboot));
  }

  /**
   * IniciarSesion: OG_AGENT_BOOT_OS_COMMAND for `dsk`/`par`, once the answer has gone out.
   * @throws 400 when the disk or partition does not exist; 409 while a disk job runs.
   */
  async iniciarSesion(order: IniciarSesionOrder): Promise<AgentJobAccepted> {
    this.admit('IniciarSesion', order.nfn);
    const diskDevice = await this.disks.device(order.dsk);
    const partition = await this.disks.partition(order.dsk, order.par);
    const command = bootCommand(this.config.power.bootOs, {
      disk: order.dsk,
      partition: order.par,
      device: partition.device,
      diskDevice,
    });
    return this.start('IniciarSesion', order.ids, (ctx) => this.power.run(ctx, command));
  }

  /** InventarioHardware: lshw/dmidecode components in `result.hardware`. Not exclusive: runs beside a disk job. */
  inventarioHardware(order: InventarioHardwareOrder): AgentJobAccepted {
    this.checkNfn('InventarioHardware', order.nfn);
    return this.startBeside('InventarioHardware', order, async (ctx) => {
      ctx.stage('inventory');
      return { hardware: await readHardwareInventory(ctx.signal) };
    });
  }

  /**
   * EjecutarScript: runs `scp` with bash (timeout OG_AGENT_SCRIPT_TIMEOUT_SECONDS). Exit code, stdout and stderr (last
   * 64 KiB each) are in the result; a non-zero exit or a timeout fails the job with the end of stderr.
   */
  ejecutarScript(order: EjecutarScriptOrder): AgentJobAccepted {
    this.admit('EjecutarScript', order.nfn);
    return this.start('EjecutarScript', order.ids, async (ctx) => {
      ctx.stage('script');
      const run = await runBashScript(order.scp, { timeoutMs: this.config.scriptTimeoutMs, signal: ctx.signal });
      const result: JobResult = {
        ...(run.exitCode !== null ? { exitCode: run.exitCode } : {}),
        stdout: run.stdout,
        stderr: run.stderr,
        stdoutTruncated: run.stdoutTruncated,
        stderrTruncated: run.stderrTruncated,
      };
      const tail = run.stderr.split('\n').filter(Boolean).slice(-20).join('\n') || null;
      let failure: ImagingError | null = null;
      if (run.timedOut)
        failure = new ImagingError('script', `script timed out after ${this.config.scriptTimeoutMs / 1000} s`, tail);
      else if (run.cancelled) failure = new ImagingError('script', 'script cancelled', tail);
      else if (run.exitCode !== 0)
        failure = new ImagingError(
          'script',
          run.exitCode === null ? `script was killed by ${run.signal}` : `script exited with code ${run.exitCode}`,
          tail,
        );
      if (failure) throw Object.assign(failure, { result });
      return result;
    });
  }

  /** `OPG` when idle, `BSY` while a job runs, with every known job. */
  status(): AgentStatusView {
    return { status: this.jobs.busy() ? 'BSY' : 'OPG', jobs: this.jobs.list() };
  }

  /** One job. @throws 404 `JOB_NOT_FOUND`. */
  job(jobId: string): AgentJobView {
    return this.jobs.get(jobId);
  }

  /** Cancels a running job. @throws 404 `JOB_NOT_FOUND`, 409 `JOB_NOT_RUNNING`. */
  cancel(jobId: string): Promise<AgentJobView> {
    return this.jobs.cancel(jobId);
  }

  /** Identity and disks as read now (partitions being written are reported from the table only). */
  async configView(): Promise<AgentConfigView> {
    return { ...this.config.identity, disks: await this.disks.readAll(!this.jobs.busy()) };
  }

  /** @throws BadOrderParameterException when the body's `nfn` is not the route's; ConflictDomainException when busy. */
  private admit(route: AgentNfn, nfn: string): void {
    this.checkNfn(route, nfn);
    if (this.jobs.busy())
      throw new ConflictDomainException('AGENT_BUSY', 'a disk job is already running on this agent');
  }

  /** @throws BadOrderParameterException naming `nfn` when the body's `nfn` is not the route's. */
  private checkNfn(route: AgentNfn, nfn: string): void {
    if (nfn !== route) throw new BadOrderParameterException('nfn', `nfn "${nfn}" does not match the route ${route}`);
  }

  /** Starts an exclusive job; `writes` are the devices it writes (InventarioSoftware stays away from them). */
  private start(
    nfn: AgentNfn,
    ids: string | undefined,
    work: Parameters<JobRegistry['start']>[2],
    writes: string[] = [],
  ): AgentJobAccepted {
    const { job_id } = this.jobs.start(nfn, ids ?? null, work);
    const running = new Set(
      this.jobs
        .list()
        .filter((j) => j.state === 'running')
        .map((j) => j.job_id),
    );
    for (const id of this.writes.keys()) if (!running.has(id)) this.writes.delete(id);
    if (writes.length) this.writes.set(job_id, writes);
    return { job_id };
  }

  /** Starts a read-only job that runs beside the others. */
  private startBeside(
    nfn: AgentNfn,
    order: AgentOrderBase,
    work: Parameters<JobRegistry['start']>[2],
  ): AgentJobAccepted {
    return { job_id: this.jobs.start(nfn, order.ids ?? null, work, { exclusive: false }).job_id };
  }

  /** The running job that writes one of `devices`, or null. */
  private writerOf(devices: string[]): string | null {
    const running = new Set(
      this.jobs
        .list()
        .filter((j) => j.state === 'running')
        .map((j) => j.job_id),
    );
    for (const [jobId, written] of this.writes) {
      if (running.has(jobId) && written.some((d) => devices.includes(d))) return jobId;
    }
    return null;
  }
}
