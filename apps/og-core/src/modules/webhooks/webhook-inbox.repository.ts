import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { WebhookEventEntity } from './webhook-event.entity';

/** The webhook inbox table. */
@Injectable()
export class WebhookInboxRepository {
  constructor(@InjectRepository(WebhookEventEntity) private readonly repo: Repository<WebhookEventEntity>) {}

  /** Stores the event unless its id is known; returns true when it was new. */
  async insertIfNew(event: Pick<WebhookEventEntity, 'id' | 'source' | 'type' | 'payload'>): Promise<boolean> {
    const rows: unknown[] = await this.repo.query(
      'INSERT INTO webhook_events (id, source, type, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id',
      [event.id, event.source, event.type, JSON.stringify(event.payload)],
    );
    return rows.length > 0;
  }

  findById(id: string): Promise<WebhookEventEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async markProcessed(id: string): Promise<void> {
    await this.repo.update({ id }, { processedAt: new Date() });
  }
}
