import { Injectable } from '@nestjs/common';
import type { RepositoryEvent } from '@og/contracts';
import { ImagesService } from '@core/modules/images/images.service';

/** Applies a repository's event to the image it is about. */
@Injectable()
export class RepositoryEventApplier {
  constructor(private readonly images: ImagesService) {}

  async apply(event: RepositoryEvent): Promise<void> {
    const reason =
      event.event === 'image.invalid'
        ? event.reason
        : event.event === 'image.vanished'
          ? (event.image.invalidReason ?? undefined)
          : undefined;
    const outcome = event.event === 'image.deleted' ? 'trash' : event.event === 'image.purged' ? 'purged' : undefined;
    await this.images.applyRepositoryReport(event.repository, event.image, event.occurredAt, reason, outcome);
  }
}
