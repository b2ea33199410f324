import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DeliverWebhookJob, JOBS, QUEUES } from '@og/contracts';
import { WebhookDelivery, WebhookSender } from '@repository/modules/reporting/webhook-sender.adapter';

/** Recorded outcome of a delivered webhook (the job's return value, kept in Redis). */
export interface WebhookOutcome extends WebhookDelivery {
  attempt: number;
  deliveredAt: string;
}

/** Worker of the outbox: one attempt per run, BullMQ retries with exponential backoff; every outcome is logged. */
@Processor(QUEUES.repositoryOutbox, { concurrency: 4 })
export class WebhookDeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(private readonly sender: WebhookSender) {
    super();
  }

  /** Delivers one webhook attempt; throws so that BullMQ retries. */
  async process(job: Job<DeliverWebhookJob>): Promise<WebhookOutcome> {
    if (job.name !== JOBS.deliverWebhook) throw new Error(`unknown job ${job.name} on ${QUEUES.repositoryOutbox}`);
    const attempt = job.attemptsMade + 1;
    const delivery = await this.sender.deliver(job.data);
    this.logger.log(
      { eventId: job.data.eventId, attempt, status: delivery.status, durationMs: delivery.durationMs },
      'webhook delivered',
    );
    return { ...delivery, attempt, deliveredAt: new Date().toISOString() };
  }

  /** Logs each failed attempt, and the final give-up. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<DeliverWebhookJob> | undefined, err: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts;
    const log = { eventId: job.data.eventId, attempt: job.attemptsMade, attempts, error: err.message };
    if (final) this.logger.error(log, 'webhook delivery given up');
    else this.logger.warn(log, 'webhook delivery attempt failed; will retry');
  }
}
