import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageStore } from '@repository/modules/store/image-store.adapter';

/** At boot, queues the computation for every image still `processing` (aux files missing) that has no job yet. */
@Injectable()
export class AuxiliaryFilesStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuxiliaryFilesStartup.name);

  constructor(
    private readonly store: ImageStore,
    private readonly catalog: ImageCatalog,
    private readonly queue: AuxiliaryFilesQueue,
  ) {}

  /** Scans the directory once. */
  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.queue.pendingNames();
    for (const name of await this.store.listNames()) {
      const image = await this.catalog.describe(name);
      if (image?.status !== 'processing' || pending.has(name)) continue;
      this.logger.log({ image: name }, 'auxiliary files missing: queued');
      await this.queue.enqueue(name);
    }
  }
}
