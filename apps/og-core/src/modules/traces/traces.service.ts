import { Injectable } from '@nestjs/common';
import { NotFoundDomainException } from '@og/nest-common';
import type { AuthUser } from '@core/common/current-user.decorator';
import { Page } from '@core/common/pagination';
import { AccessScopeService } from '@core/modules/access/access-scope.service';
import { TraceQuery } from './trace.dto';
import { TraceCommand, TraceEntity, TraceStatus } from './trace.entity';
import { TracesRepository } from './traces.repository';

/** A trace to open for one client. */
export interface NewTrace {
  id: string;
  command: TraceCommand;
  clientId: string;
  imageId: string | null;
  input: Record<string, unknown>;
  createdBy: string | null;
}

/** Traces: the life of each command on each client. Final statuses never change. */
@Injectable()
export class TracesService {
  constructor(
    private readonly traces: TracesRepository,
    private readonly access: AccessScopeService,
  ) {}

  async list(q: TraceQuery, user: AuthUser): Promise<Page<TraceEntity>> {
    const scope = await this.access.scopeOf(user);
    return this.traces.list(q, scope.all ? undefined : scope.unitIds);
  }

  /** @throws NotFoundDomainException TRACE_NOT_FOUND; ForbiddenException when its client is outside the caller's units. */
  async get(id: string, user: AuthUser): Promise<TraceEntity> {
    const trace = await this.traces.findById(id);
    if (!trace) throw new NotFoundDomainException('TRACE_NOT_FOUND', `trace ${id} not found`);
    await this.access.assertUnit(user, await this.traces.unitOf(trace));
    return trace;
  }

  findById(id: string): Promise<TraceEntity | null> {
    return this.traces.findById(id);
  }

  /** Opens `pending` traces (ids chosen by the caller: each is also sent to the agent as `ids`). */
  open(traces: NewTrace[]): Promise<TraceEntity[]> {
    return this.traces.saveMany(traces);
  }

  /** The agent accepted the order and answered `job_id`. */
  markSent(id: string, agentJobId: string): Promise<boolean> {
    return this.traces.updateIfOpen(id, {
      status: 'sent',
      agentJobId,
      sentAt: new Date(),
      message: 'accepted by the agent',
    });
  }

  markStarted(id: string, agentJobId: string): Promise<boolean> {
    return this.traces.updateIfOpen(id, { status: 'in-progress', agentJobId, startedAt: new Date() });
  }

  /** Progress `progress` % (0–100) in `stage` at `rateBytesPerSecond`. */
  markProgress(id: string, stage: string, progress: number, rateBytesPerSecond: number): Promise<boolean> {
    return this.traces.updateIfOpen(id, {
      status: 'in-progress',
      stage,
      progress,
      rateBytesPerSecond: Math.round(rateBytesPerSecond),
    });
  }

  markSucceeded(id: string, result: Record<string, unknown>, message = 'finished successfully'): Promise<boolean> {
    return this.traces.updateIfOpen(id, {
      status: 'success',
      progress: 100,
      stage: 'finish',
      result,
      message,
      finishedAt: new Date(),
    });
  }

  markFailed(
    id: string,
    error: string,
    extra: { stage?: string | null; stderrTail?: string | null; result?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    return this.traces.updateIfOpen(id, {
      status: 'failed',
      error,
      message: 'failed',
      stage: extra.stage ?? undefined,
      stderrTail: extra.stderrTail ?? null,
      result: extra.result ?? null,
      finishedAt: new Date(),
    });
  }

  /** Finds the trace an agent event is about: by `ids` (our trace id) first, then by the agent's job id. */
  async findForAgentJob(ids: string | null, jobId: string): Promise<TraceEntity | null> {
    if (ids && /^[0-9a-f-]{36}$/i.test(ids)) {
      const byId = await this.traces.findById(ids);
      if (byId) return byId;
    }
    return this.traces.findByAgentJobId(jobId);
  }

  /** Whether the client runs another job than trace `exceptId`'s (an inventory beside a disk job, say). */
  hasRunning(clientId: string, exceptId: string): Promise<boolean> {
    return this.traces.hasRunning(clientId, exceptId);
  }

  /** Open traces with no news since `before`. */
  findSilent(statuses: TraceStatus[], before: Date): Promise<TraceEntity[]> {
    return this.traces.findSilent(statuses, before);
  }
}
