import { registerRepositoryQueue } from '@repository/config/queue';
import { Module } from '@nestjs/common';
import { QUEUES } from '@og/contracts';
import { WebhookDeliveryProcessor } from '@repository/modules/reporting/webhook-delivery.processor';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { WebhookSender } from '@repository/modules/reporting/webhook-sender.adapter';

/** Signed webhooks to og-core through a BullMQ outbox. */
@Module({
  imports: [registerRepositoryQueue(QUEUES.repositoryOutbox)],
  providers: [WebhookOutbox, WebhookSender, WebhookDeliveryProcessor],
  exports: [WebhookOutbox],
})
export class ReportingModule {}
