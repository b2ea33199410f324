import { InjectQueue } from '@nestjs/bullmq';
import { BadRequestException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AGENT_EVENT_TYPES, JOBS, OG_HEADERS, QUEUES, REPOSITORY_EVENT_TYPES, verifyWebhook } from '@og/contracts';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { WebhookInboxRepository } from './webhook-inbox.repository';

/** Where a webhook came from; each source has its own HMAC secret. */
export type WebhookSource = 'agent' | 'repository';

/** `202` answer to a webhook. `duplicate` when the event id was already received (nothing done twice). */
export interface WebhookAck {
  accepted: true;
  duplicate: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verifies signed webhooks and queues them; applying them happens in {@link WebhookInboxProcessor}. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(CORE_ENV) private readonly env: CoreEnv,
    private readonly inbox: WebhookInboxRepository,
    @InjectQueue(QUEUES.webhookInbox) private readonly queue: Queue<{ eventId: string }>,
  ) {}

  /**
   * @throws UnauthorizedException when the signature is missing, forged or outside the replay window.
   * @throws BadRequestException when the body is not a known event with a UUID `id`.
   */
  async receive(
    source: WebhookSource,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | undefined,
  ): Promise<WebhookAck> {
    if (!rawBody) throw new BadRequestException('empty body');
    const check = verifyWebhook({
      secret: source === 'agent' ? this.env.OG_AGENT_WEBHOOK_SECRET : this.env.OG_REPOSITORY_WEBHOOK_SECRET,
      timestamp: header(headers, OG_HEADERS.timestamp),
      signature: header(headers, OG_HEADERS.signature),
      rawBody,
      nowSeconds: Math.floor(Date.now() / 1000),
      replayWindowSeconds: this.env.OG_WEBHOOK_REPLAY_WINDOW_SECONDS,
    });
    if (!check.ok) throw new UnauthorizedException(`webhook signature ${check.reason}`);
    const event = parseEvent(rawBody, source);
    const isNew = await this.inbox.insertIfNew({ id: event.id, source, type: event.event, payload: event });
    if (isNew)
      await this.queue.add(
        source === 'agent' ? JOBS.applyAgentEvent : JOBS.applyRepositoryEvent,
        { eventId: event.id },
        { jobId: event.id, attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: 1000 },
      );
    return { accepted: true, duplicate: !isNew };
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseEvent(rawBody: Buffer, source: WebhookSource): { id: string; event: string } & Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new BadRequestException('body is not JSON');
  }
  const known: readonly string[] = source === 'agent' ? AGENT_EVENT_TYPES : REPOSITORY_EVENT_TYPES;
  const e = body as { id?: unknown; event?: unknown };
  if (typeof e?.event !== 'string' || !known.includes(e.event))
    throw new BadRequestException(`event must be one of ${known.join(', ')}`);
  if (typeof e.id !== 'string' || !UUID.test(e.id)) throw new BadRequestException('id must be a UUID');
  return body as { id: string; event: string };
}
