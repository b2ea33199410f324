import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DeliverWebhookJob, JOBS, QUEUES, RepositoryEvent } from '@og/contracts';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A repository event before the outbox stamps `id`, `occurredAt` and `repository`. */
export type RepositoryEventDraft = DistributiveOmit<RepositoryEvent, 'id' | 'occurredAt' | 'repository'>;

/** Delivery attempts per webhook (first try included). */
export const WEBHOOK_ATTEMPTS = 12;
/** First retry delay in ms; doubles every attempt (2 s … ~68 min, ~2.3 h in all). */
export const WEBHOOK_BACKOFF_MS = 2000;

/**
 * The webhook outbox: every event becomes a `deliver-webhook` job whose body is frozen at emit time
 * (so retries sign and send the same bytes). No-op (logged) when `OG_REPOSITORY_CORE_URL` is unset.
 */
@Injectable()
export class WebhookOutbox {
  private readonly logger = new Logger(WebhookOutbox.name);

  constructor(
    @Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig,
    @InjectQueue(QUEUES.repositoryOutbox) private readonly queue: Queue<DeliverWebhookJob>,
  ) {}

  /** Stamps and queues `draft`; returns the full event (also when webhooks are off). */
  async emit(draft: RepositoryEventDraft): Promise<RepositoryEvent> {
    const event = {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      repository: this.config.name,
      ...draft,
    } as RepositoryEvent;
    if (!this.config.webhookUrl) {
      this.logger.log(
        { eventId: event.id, event: event.event },
        'webhooks are off (no OG_REPOSITORY_CORE_URL): event not sent',
      );
      return event;
    }
    const job: DeliverWebhookJob = { eventId: event.id, url: this.config.webhookUrl, body: JSON.stringify(event) };
    await this.queue.add(JOBS.deliverWebhook, job, {
      jobId: event.id,
      attempts: WEBHOOK_ATTEMPTS,
      backoff: { type: 'exponential', delay: WEBHOOK_BACKOFF_MS },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
    this.logger.log({ eventId: event.id, event: event.event }, 'webhook queued');
    return event;
  }
}
