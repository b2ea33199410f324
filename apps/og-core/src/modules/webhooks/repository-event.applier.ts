import { Injectable } from '@nestjs/common';
import type { RepositoryEvent } from '@og/contracts';
import { ImagesService } from '@core/modules/images/images.service';

/** Applies a repository's event to the image it is about. */
@Injectable()
export class RepositoryEventApplier {
  constructor(private readonly images: ImagesService) {}

  async apply(event: RepositoryEvent): Promise<void> {
    await this.images.applyRepositoryReport(
      event.repository,
      event.image,
      event.occurredAt,
      event.event === 'image.invalid' ? event.reason : undefined,
    );
  }
}
