import { Inject, Injectable } from '@nestjs/common';
import {
  AgentConfigView,
  AgentJobAccepted,
  AgentJobView,
  AgentNfn,
  AgentStatusView,
  ConfigurarOrder,
  CrearImagenOrder,
  EjecutarScriptOrder,
  InventarioHardwareOrder,
  JobResult,
  RestaurarImagenOrder,
} from '@og/contracts';
import { ConflictDomainException } from '@og/nest-common';
import { ImagingError, readHardwareInventory, runBashScript } from '@og/imaging';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import { JobRegistry } from '@agent/modules/jobs/job-registry.service';
import { BadOrderParameterException } from './cloning-engine.exception';
import { CaptureWorkflow } from './workflows/capture.workflow';
import { ConfigureWorkflow } from './workflows/configure.workflow';
import { RestoreWorkflow } from './workflows/restore.workflow';

/**
 * Accepts OpenGnsys orders: checks what is cheap to check (400/409 before anything is touched), then runs the
 * work as a background job and answers `{ job_id }`.
 */
@Injectable()
export class CloningEngineService {
  constructor(
    @Inject(AGENT_CONFIG) private readonly config: AgentConfig,
    private readonly jobs: JobRegistry,
    private readonly disks: DiskInventory,
    private readonly restore: RestoreWorkflow,
    private readonly capture: CaptureWorkflow,
    private readonly configure: ConfigureWorkflow,
  ) {}

  /** RestaurarImagen: restore image `nci` onto `dsk`/`par` (UNICAST-CACHE or UNICAST-DIRECT). */
  async restaurarImagen(order: RestaurarImagenOrder): Promise<AgentJobAccepted> {
    this.admit('RestaurarImagen', order.nfn);
    const plan = await this.restore.plan(order);
    return this.start('RestaurarImagen', order.ids, (ctx) => this.restore.run(ctx, plan));
  }

  /** CrearImagen: capture `dsk`/`par` as image `nci` into the repository. */
  async crearImagen(order: CrearImagenOrder): Promise<AgentJobAccepted> {
    this.admit('CrearImagen', order.nfn);
    const plan = await this.capture.plan(order);
    return this.start('CrearImagen', order.ids, (ctx) => this.capture.run(ctx, plan));
  }

  /** Configurar: write the partition table of `dsk` and format its partitions. */
  async configurar(order: ConfigurarOrder): Promise<AgentJobAccepted> {
    this.admit('Configurar', order.nfn);
    const plan = await this.configure.plan(order);
    return this.start('Configurar', order.ids, async (ctx) => {
      try {
        return await this.configure.run(ctx, plan);
      } catch (err) {
        const disks = await this.disks.readAll().catch(() => undefined);
        throw Object.assign(err as Error, { result: { disks } satisfies JobResult });
      }
    });
  }

  /** InventarioHardware: lshw/dmidecode components in `result.hardware`. Not exclusive: runs beside a disk job. */
  inventarioHardware(order: InventarioHardwareOrder): AgentJobAccepted {
    if (order.nfn !== 'InventarioHardware')
      throw new BadOrderParameterException('nfn', `nfn "${order.nfn}" does not match the route InventarioHardware`);
    return {
      job_id: this.jobs.start(
        'InventarioHardware',
        order.ids ?? null,
        async (ctx) => {
          ctx.stage('inventory');
          return { hardware: await readHardwareInventory(ctx.signal) };
        },
        { exclusive: false },
      ).job_id,
    };
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
    if (nfn !== route) throw new BadOrderParameterException('nfn', `nfn "${nfn}" does not match the route ${route}`);
    if (this.jobs.busy())
      throw new ConflictDomainException('AGENT_BUSY', 'a disk job is already running on this agent');
  }

  private start(nfn: AgentNfn, ids: string | undefined, work: Parameters<JobRegistry['start']>[2]): AgentJobAccepted {
    return { job_id: this.jobs.start(nfn, ids ?? null, work).job_id };
  }
}
