import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '@og/contracts';
import { ClientsModule } from '@core/modules/clients/clients.module';
import { ImagesModule } from '@core/modules/images/images.module';
import { ProfilesModule } from '@core/modules/profiles/profiles.module';
import { TracesModule } from '@core/modules/traces/traces.module';
import { AgentEventApplier } from './agent-event.applier';
import { RepositoryEventApplier } from './repository-event.applier';
import { WebhookEventEntity } from './webhook-event.entity';
import { WebhookInboxProcessor } from './webhook-inbox.processor';
import { WebhookInboxRepository } from './webhook-inbox.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEventEntity]),
    BullModule.registerQueue({ name: QUEUES.webhookInbox }),
    ClientsModule,
    ImagesModule,
    TracesModule,
    ProfilesModule,
  ],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhookInboxRepository,
    WebhookInboxProcessor,
    AgentEventApplier,
    RepositoryEventApplier,
  ],
})
export class WebhooksModule {}
