import { Inject, Injectable } from '@nestjs/common';
import { DeliverWebhookJob, OG_HEADERS, signWebhook } from '@og/contracts';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';

/** Milliseconds one delivery attempt may take before it is aborted and retried. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Outcome of one successful delivery attempt. */
export interface WebhookDelivery {
  /** HTTP status og-core answered (2xx). */
  status: number;
  durationMs: number;
}

/** og-core did not accept the webhook (non-2xx, timeout or network error). */
export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    public readonly status: number | null,
  ) {
    super(message);
  }
}

/** HTTP adapter: signs `body` now (fresh timestamp per attempt) and POSTs it with a timeout. */
@Injectable()
export class WebhookSender {
  constructor(@Inject(REPOSITORY_CONFIG) private readonly config: RepositoryConfig) {}

  /**
   * Sends one attempt.
   * @throws WebhookDeliveryError when og-core does not answer 2xx in {@link WEBHOOK_TIMEOUT_MS}.
   */
  async deliver(job: DeliverWebhookJob): Promise<WebhookDelivery> {
    const started = Date.now();
    const timestamp = Math.floor(started / 1000);
    let res: Response;
    try {
      res = await fetch(job.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [OG_HEADERS.timestamp]: String(timestamp),
          [OG_HEADERS.signature]: signWebhook(this.config.webhookSecret ?? '', timestamp, job.body),
          [OG_HEADERS.eventId]: job.eventId,
        },
        body: job.body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause;
      throw new WebhookDeliveryError(
        `POST ${job.url} failed: ${(err as Error).message}${cause ? ` (${cause.message})` : ''}`,
        null,
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
      throw new WebhookDeliveryError(`POST ${job.url} answered ${res.status}: ${text.slice(0, 200)}`, res.status);
    return { status: res.status, durationMs: Date.now() - started };
  }
}
