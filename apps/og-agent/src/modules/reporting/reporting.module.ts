import { Module } from '@nestjs/common';
import { DisksModule } from '@agent/modules/disks/disks.module';
import { AgentPresence } from './agent-presence.service';
import { WebhookSender } from './webhook-sender.service';

/** Signed, ordered, retried webhooks to og-core, and the agent's started/stopped announcements. */
@Module({ imports: [DisksModule], providers: [WebhookSender, AgentPresence], exports: [WebhookSender, AgentPresence] })
export class ReportingModule {}
