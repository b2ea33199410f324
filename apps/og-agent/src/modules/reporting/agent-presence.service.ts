import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import { WebhookSender } from './webhook-sender.service';

/** Announces the agent to og-core at boot (`agent.started` with its disks); `agent.stopped` is sent by WebhookSender on shutdown. */
@Injectable()
export class AgentPresence implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgentPresence.name);

  constructor(
    private readonly disks: DiskInventory,
    private readonly webhooks: WebhookSender,
  ) {}

  onApplicationBootstrap(): void {
    this.webhooks.start();
    void this.disks
      .readAll()
      .catch((err: Error) => {
        this.logger.error({ err: err.message }, 'could not read the disks at boot; reporting none');
        return [];
      })
      .then((disks) => this.webhooks.send({ event: 'agent.started', disks }));
  }
}
