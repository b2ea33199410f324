import { Injectable, Logger } from '@nestjs/common';
import type { AgentEvent, JobFinishedEvent } from '@og/contracts';
import { ClientsService } from '@core/modules/clients/clients.service';
import { ImagesService } from '@core/modules/images/images.service';
import { ProfilesService } from '@core/modules/profiles/profiles.service';
import { TraceEntity } from '@core/modules/traces/trace.entity';
import { TracesService } from '@core/modules/traces/traces.service';

/** Applies an agent's event to traces, client status and partitions, and images. */
@Injectable()
export class AgentEventApplier {
  private readonly logger = new Logger(AgentEventApplier.name);

  constructor(
    private readonly traces: TracesService,
    private readonly clients: ClientsService,
    private readonly images: ImagesService,
    private readonly profiles: ProfilesService,
  ) {}

  async apply(event: AgentEvent): Promise<void> {
    const client = await this.clients.findByMac(event.agent.mac);
    if (!client) {
      this.logger.warn(`event ${event.event} from unknown agent ${event.agent.mac} (${event.agent.ip}) ignored`);
      return;
    }
    switch (event.event) {
      case 'agent.started':
        await this.clients.setStatus(client.id, 'og-live');
        await this.clients.replaceLayout(client.id, event.disks);
        return;
      case 'agent.stopped':
        await this.clients.setStatus(client.id, 'off');
        return;
      case 'job.started': {
        const trace = await this.traces.findForAgentJob(event.ids, event.jobId);
        if (trace) await this.traces.markStarted(trace.id, event.jobId);
        await this.clients.setStatus(client.id, 'busy');
        return;
      }
      case 'job.progress': {
        const trace = await this.traces.findForAgentJob(event.ids, event.jobId);
        if (trace) await this.traces.markProgress(trace.id, event.stage, event.progress, event.rateBytesPerSecond);
        return;
      }
      case 'job.finished':
        await this.finish(client.id, event);
        return;
    }
  }

  private async finish(clientId: string, event: JobFinishedEvent): Promise<void> {
    await this.clients.setStatus(clientId, 'og-live');
    if (event.result.disks) await this.clients.replaceLayout(clientId, event.result.disks);
    const trace = await this.traces.findForAgentJob(event.ids, event.jobId);
    if (!trace) {
      this.logger.warn(`job.finished for unknown job ${event.jobId}`);
      return;
    }
    const result = { ...event.result } as Record<string, unknown>;
    if (event.status === 'success') {
      await this.traces.markSucceeded(trace.id, result, successMessage(event));
      await this.afterSuccess(trace, event);
    } else {
      const error = event.error ?? 'the agent reported a failure';
      await this.traces.markFailed(trace.id, error, { stage: event.stage, stderrTail: event.stderrTail, result });
      if (trace.command === 'create-image' && trace.imageId) await this.images.markCaptureFailed(trace.imageId, error);
    }
  }

  private async afterSuccess(trace: TraceEntity, event: JobFinishedEvent): Promise<void> {
    if (trace.command === 'hardware-inventory' && event.result.hardware) {
      const profile = await this.profiles.saveHardware(
        `${event.agent.name} ${event.occurredAt.slice(0, 10)}`,
        event.result.hardware,
      );
      await this.clients.setHardwareProfile(trace.clientId, profile.id);
      return;
    }
    if (trace.command !== 'deploy-image' || !trace.imageId) return;
    await this.clients.markRestored(trace.clientId, Number(trace.input.dsk), Number(trace.input.par), trace.imageId);
    await this.images.markDeployed(trace.imageId);
  }
}

/** What the operator reads on a successful trace: which restore rule applied, if any. */
function successMessage(event: JobFinishedEvent): string {
  const r = event.result;
  const notes = [
    r.fallback ? `fell back to ${r.method} (${r.fallback})` : null,
    r.cacheAction ? `CACHE ${r.cacheAction === 'FORMAT' ? 'formatted' : 'emptied'} to make room` : null,
    r.cacheHit ? 'cached copy matched, download skipped' : null,
    r.resumedFromBytes ? `download resumed from byte ${r.resumedFromBytes}` : null,
  ].filter(Boolean);
  return notes.length ? `finished successfully; ${notes.join('; ')}` : 'finished successfully';
}
