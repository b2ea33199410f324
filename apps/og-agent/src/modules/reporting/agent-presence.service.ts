import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiskInventory } from '@agent/modules/disks/disk-inventory.service';
import { WebhookSender } from './webhook-sender.service';

/** Announces the agent to og-core (`agent.started` with its disks); `agent.stopped` is sent by WebhookSender on shutdown. */
@Injectable()
export class AgentPresence implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgentPresence.name);

  constructor(
    private readonly disks: DiskInventory,
    private readonly webhooks: WebhookSender,
  ) {}

  onApplicationBootstrap(): void {
    this.webhooks.start();
    void this.announce();
  }

  /**
   * Sends `agent.started` with the disks as they are now, so og-core shows the client in ogLive with its layout: at
   * boot, and again when a power command that og-core was told succeeded did not take the machine down.
   * Never throws: unreadable disks are reported as none.
   */
  async announce(): Promise<void> {
    const disks = await this.disks.readAll().catch((err: Error) => {
      this.logger.error({ err: err.message }, 'could not read the disks; reporting none');
      return [];
    });
    this.webhooks.send({ event: 'agent.started', disks });
  }
}
