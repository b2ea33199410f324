import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AgentEvent, JOBS, QUEUES, RepositoryEvent } from '@og/contracts';
import { AgentEventApplier } from './agent-event.applier';
import { RepositoryEventApplier } from './repository-event.applier';
import { WebhookInboxRepository } from './webhook-inbox.repository';

/** Applies queued webhook events one at a time, in arrival order. */
@Processor(QUEUES.webhookInbox, { concurrency: 1 })
export class WebhookInboxProcessor extends WorkerHost {
  constructor(
    private readonly inbox: WebhookInboxRepository,
    private readonly agentEvents: AgentEventApplier,
    private readonly repositoryEvents: RepositoryEventApplier,
  ) {
    super();
  }

  async process(job: Job<{ eventId: string }>): Promise<void> {
    const stored = await this.inbox.findById(job.data.eventId);
    if (!stored || stored.processedAt) return;
    if (job.name === JOBS.applyAgentEvent) await this.agentEvents.apply(stored.payload as unknown as AgentEvent);
    else if (job.name === JOBS.applyRepositoryEvent)
      await this.repositoryEvents.apply(stored.payload as unknown as RepositoryEvent);
    else throw new Error(`unknown job ${job.name}`);
    await this.inbox.markProcessed(stored.id);
  }
}
