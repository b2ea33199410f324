import { HttpStatus, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { AgentJobStage, AgentJobState, AgentJobView, AgentNfn, JobResult } from '@og/contracts';
import { ConflictDomainException, DomainException } from '@og/nest-common';
import { ImagingCancelledError, ImagingError } from '@og/imaging';
import { WebhookSender } from '@agent/modules/reporting/webhook-sender.service';
import type { JobContext } from './job-context';
import { newJobId } from './job-id';

interface JobEntry {
  view: AgentJobView;
  /** Disk jobs and scripts are exclusive (one at a time); an inventory runs beside them. */
  exclusive: boolean;
  abort: AbortController;
  /** Why the job was aborted, when it was. */
  cancelReason: string | null;
  done: Promise<void>;
  lastProgressSentAt: number;
}

/** Finished jobs kept for `GET /CloningEngine/jobs/:id`. */
const KEEP_FINISHED = 50;
/** Minimum milliseconds between two job.progress webhooks of one job. */
const PROGRESS_INTERVAL_MS = 1000;

/**
 * Runs agent jobs in the background, one disk job at a time, and reports them (job.started, job.progress at most
 * once a second, job.finished always). Jobs are aborted (their tools killed) when the app shuts down.
 */
@Injectable()
export class JobRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly jobs = new Map<string, JobEntry>();

  constructor(private readonly webhooks: WebhookSender) {}

  /** True while an exclusive job (disk job, script) runs. */
  busy(): boolean {
    return [...this.jobs.values()].some((j) => j.exclusive && j.view.state === 'running');
  }

  /** Every known job, newest first. */
  list(): AgentJobView[] {
    return [...this.jobs.values()].map((j) => ({ ...j.view })).reverse();
  }

  /** @throws DomainException 404 `JOB_NOT_FOUND`. */
  get(jobId: string): AgentJobView {
    const job = this.jobs.get(jobId);
    if (!job)
      throw new DomainException('JOB_NOT_FOUND', `job ${jobId} is not known to this agent`, HttpStatus.NOT_FOUND);
    return { ...job.view };
  }

  /**
   * Starts `work` in the background and returns at once.
   * @param opts.exclusive false for read-only work (inventory) that may run beside a disk job (default true).
   * @throws ConflictDomainException `AGENT_BUSY` when an exclusive job is started while another one runs.
   */
  start(
    nfn: AgentNfn,
    ids: string | null,
    work: (ctx: JobContext) => Promise<JobResult>,
    opts: { exclusive?: boolean } = {},
  ): AgentJobView {
    const exclusive = opts.exclusive ?? true;
    const running = [...this.jobs.values()].find((j) => j.exclusive && j.view.state === 'running');
    if (exclusive && running)
      throw new ConflictDomainException('AGENT_BUSY', `job ${running.view.job_id} is still running`, {
        jobId: running.view.job_id,
      });
    const jobId = newJobId(nfn);
    const view: AgentJobView = {
      job_id: jobId,
      nfn,
      ids,
      state: 'running',
      stage: 'queued',
      progress: 0,
      rateBytesPerSecond: 0,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    const entry: JobEntry = {
      view,
      exclusive,
      abort: new AbortController(),
      cancelReason: null,
      done: Promise.resolve(),
      lastProgressSentAt: 0,
    };
    this.jobs.set(jobId, entry);
    this.prune();
    this.webhooks.send({ event: 'job.started', jobId, nfn, ids });
    const ctx: JobContext = {
      jobId,
      signal: entry.abort.signal,
      stage: (stage) => {
        view.stage = stage;
        view.progress = 0;
        view.rateBytesPerSecond = 0;
        this.reportProgress(entry);
      },
      progress: (percent, rate) => {
        view.progress = Math.max(0, Math.min(100, Math.round(percent * 100) / 100));
        view.rateBytesPerSecond = Math.max(0, Math.round(rate));
        this.reportProgress(entry);
      },
    };
    entry.done = this.execute(entry, work, ctx);
    return { ...view };
  }

  /**
   * Cancels a running job: aborts it (every tool of its pipeline is killed), waits until its work has cleaned up and
   * job.finished (failed, "cancelled by operator") is queued, and returns its final view.
   * @throws DomainException 404 `JOB_NOT_FOUND`; ConflictDomainException `JOB_NOT_RUNNING` when it already finished.
   */
  async cancel(jobId: string): Promise<AgentJobView> {
    const job = this.jobs.get(jobId);
    if (!job)
      throw new DomainException('JOB_NOT_FOUND', `job ${jobId} is not known to this agent`, HttpStatus.NOT_FOUND);
    if (job.view.state !== 'running')
      throw new ConflictDomainException('JOB_NOT_RUNNING', `job ${jobId} already finished (${job.view.state})`, {
        jobId,
      });
    job.cancelReason ??= 'cancelled by operator';
    job.abort.abort();
    await job.done;
    return { ...job.view };
  }

  /** Aborts running jobs and waits (up to 15 s) for their tools to exit and job.finished to be queued. */
  async onModuleDestroy(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.view.state === 'running');
    for (const j of running) {
      j.cancelReason ??= 'cancelled: the agent is shutting down';
      j.abort.abort();
    }
    await Promise.race([Promise.all(running.map((j) => j.done)), new Promise((r) => setTimeout(r, 15_000).unref())]);
  }

  private async execute(
    entry: JobEntry,
    work: (ctx: JobContext) => Promise<JobResult>,
    ctx: JobContext,
  ): Promise<void> {
    const { view } = entry;
    let result: JobResult = {};
    let state: AgentJobState = 'success';
    let failedStage: AgentJobStage | null = null;
    let stderrTail: string | null = null;
    try {
      result = await work(ctx);
    } catch (err) {
      state = err instanceof ImagingCancelledError || entry.abort.signal.aborted ? 'cancelled' : 'failed';
      failedStage = err instanceof ImagingError ? err.stage : view.stage;
      stderrTail = err instanceof ImagingError ? err.stderrTail : null;
      view.error = state === 'cancelled' && entry.cancelReason ? entry.cancelReason : errorText(err);
      const partial = (err as { result?: JobResult }).result;
      if (partial) result = partial;
      if (!(err instanceof ImagingError) && state === 'failed')
        this.logger.error({ jobId: view.job_id, err: (err as Error)?.stack }, 'job crashed');
    }
    view.state = state;
    if (failedStage) view.stage = failedStage;
    else view.stage = 'finish';
    if (state === 'success') view.progress = 100;
    view.finishedAt = new Date().toISOString();
    this.logger.log({ jobId: view.job_id, state, stage: failedStage, error: view.error }, 'job finished');
    this.webhooks.send({
      event: 'job.finished',
      jobId: view.job_id,
      nfn: view.nfn,
      ids: view.ids,
      status: state === 'success' ? 'success' : 'failed',
      stage: failedStage,
      error: view.error,
      stderrTail,
      result,
    });
  }

  private reportProgress(entry: JobEntry): void {
    const now = Date.now();
    if (now - entry.lastProgressSentAt < PROGRESS_INTERVAL_MS) return;
    entry.lastProgressSentAt = now;
    const { view } = entry;
    this.webhooks.send({
      event: 'job.progress',
      jobId: view.job_id,
      nfn: view.nfn,
      ids: view.ids,
      stage: view.stage,
      progress: view.progress,
      rateBytesPerSecond: view.rateBytesPerSecond,
    });
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.view.job_id);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
