import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { DispatchOrderJob, JOBS, QUEUES } from '@og/contracts';
import { ClientsService } from '@core/modules/clients/clients.service';
import { TracesService } from '@core/modules/traces/traces.service';
import { AgentClient } from './agent.client';

/** Retryable: the agent could not be reached, the order was never delivered. */
class AgentUnreachableError extends Error {}

/** Sends each trace's order to its agent; records the job id, or why it could not. */
@Processor(QUEUES.agentDispatch, { concurrency: 16 })
export class DispatchProcessor extends WorkerHost {
  private readonly logger = new Logger(DispatchProcessor.name);

  constructor(
    private readonly traces: TracesService,
    private readonly clients: ClientsService,
    private readonly agents: AgentClient,
  ) {
    super();
  }

  async process(job: Job<DispatchOrderJob>): Promise<void> {
    if (job.name !== JOBS.dispatchOrder) throw new Error(`unknown job ${job.name}`);
    const trace = await this.traces.findById(job.data.traceId);
    if (!trace || trace.status !== 'pending') return;
    const client = await this.clients.get(trace.clientId);
    const nfn = String(trace.input.nfn);
    const outcome = await this.agents.sendOrder(client.ip, nfn, trace.input);
    switch (outcome.kind) {
      case 'accepted':
        await this.traces.markSent(trace.id, outcome.jobId);
        return;
      case 'refused':
        await this.traces.markFailed(trace.id, `agent refused the order (HTTP ${outcome.status}): ${outcome.message}`, {
          stage: 'dispatch',
        });
        return;
      case 'unknown':
        await this.traces.markFailed(trace.id, `order not confirmed by the agent, not resent: ${outcome.reason}`, {
          stage: 'dispatch',
        });
        return;
      case 'unreachable':
        throw new AgentUnreachableError(`agent ${client.ip} unreachable: ${outcome.reason}`);
    }
  }

  /** After the last attempt, an unreachable agent fails the trace with the reason. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<DispatchOrderJob> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade < attempts) {
      this.logger.warn(
        `dispatch of trace ${job.data.traceId} failed (attempt ${job.attemptsMade}/${attempts}): ${err.message}`,
      );
      return;
    }
    await this.traces.markFailed(job.data.traceId, `${err.message} (after ${attempts} attempts)`, {
      stage: 'dispatch',
    });
  }
}
