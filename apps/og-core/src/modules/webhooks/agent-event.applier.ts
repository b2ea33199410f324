import { Injectable, Logger } from '@nestjs/common';
import type { AgentEvent, JobFinishedEvent } from '@og/contracts';
import { ClientEntity, ClientStatus } from '@core/modules/clients/client.entity';
import { ClientsService } from '@core/modules/clients/clients.service';
import { ImagesService } from '@core/modules/images/images.service';
import { ProfilesService } from '@core/modules/profiles/profiles.service';
import { TraceEntity } from '@core/modules/traces/trace.entity';
import { TracesService } from '@core/modules/traces/traces.service';
import { osStatusOf, statusAfter, statusWhenAgentStops, successMessage } from './job-outcome';

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
        await this.clients.setStatus(client.id, statusWhenAgentStops(client.status));
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
        await this.finish(client, event);
        return;
    }
  }

  private async finish(client: ClientEntity, event: JobFinishedEvent): Promise<void> {
    const trace = await this.traces.findForAgentJob(event.ids, event.jobId);
    let status = statusAfter(trace?.command, event.status, client.status, await this.bootedOs(client, trace));
    // An inventory may run beside a disk job: the client stays busy until its last job ends.
    if (status === 'og-live' && trace && (await this.traces.hasRunning(client.id, trace.id))) status = 'busy';
    if (status) await this.clients.setStatus(client.id, status);
    if (event.result.disks) await this.clients.replaceLayout(client.id, event.result.disks);
    if (!trace) {
      this.logger.warn(`job.finished for unknown job ${event.jobId}`);
      return;
    }
    const result = { ...event.result } as Record<string, unknown>;
    if (event.status === 'success') {
      // What the job produced (profiles, partitions, image records) is written before the trace says success, so a
      // console that sees success can read it. If writing it fails, the trace still ends (never stuck running) and
      // the error makes the inbox retry the event, which writes the records again.
      try {
        await this.afterSuccess(trace, client, event);
      } finally {
        await this.traces.markSucceeded(trace.id, result, successMessage(event.result));
      }
    } else {
      const error = event.error ?? 'the agent reported a failure';
      await this.traces.markFailed(trace.id, error, { stage: event.stage, stderrTail: event.stderrTail, result });
      if (trace.command === 'create-image' && trace.imageId) await this.images.markCaptureFailed(trace.imageId, error);
    }
  }

  /** For a boot-os trace: the status of the OS on the partition it booted, as the client's layout tells. */
  private async bootedOs(client: ClientEntity, trace: TraceEntity | null): Promise<ClientStatus | null> {
    if (trace?.command !== 'boot-os') return null;
    const { partitions } = await this.clients.get(client.id);
    return osStatusOf(
      partitions?.find((p) => p.disk === Number(trace.input.dsk) && p.partition === Number(trace.input.par)),
    );
  }

  private async afterSuccess(trace: TraceEntity, client: ClientEntity, event: JobFinishedEvent): Promise<void> {
    const { result } = event;
    const disk = Number(trace.input.dsk);
    const partition = Number(trace.input.par);
    switch (trace.command) {
      case 'hardware-inventory': {
        if (!result.hardware) return;
        const description = `${event.agent.name} ${event.occurredAt.slice(0, 10)}`;
        await this.profiles.replaceClientHardware(client, description, result.hardware);
        return;
      }
      case 'software-inventory':
        if (!result.software) {
          this.logger.warn(`software inventory ${event.jobId} of ${client.name} finished without a software list`);
          return;
        }
        await this.profiles.saveForPartition(client, disk, partition, result);
        return;
      case 'create-image': {
        if (!trace.imageId || (!result.software && result.operatingSystem === undefined)) return;
        const image = await this.images.find(trace.imageId);
        if (!image) return;
        const profile = await this.profiles.saveForImage(image, result);
        await this.images.setSoftwareProfile(image.id, profile.id);
        return;
      }
      case 'deploy-image': {
        if (!trace.imageId) return;
        await this.clients.markRestored(trace.clientId, disk, partition, trace.imageId);
        await this.images.markDeployed(trace.imageId);
        const image = await this.images.find(trace.imageId);
        // As OpenGnsys does on restore: the partition now holds the image's software.
        await this.profiles.restoredPartition(image?.softwareProfileId ?? null, client, disk, partition);
        return;
      }
      case 'partition': {
        const cfg = Array.isArray(trace.input.cfg) ? (trace.input.cfg as Array<{ par: string; ope: string }>) : [];
        const kept = cfg.filter((p) => p.ope === '0').map((p) => Number(p.par));
        await this.profiles.repartitioned(client.id, disk, kept);
        return;
      }
      default:
        return;
    }
  }
}
