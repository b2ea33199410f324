import { Module } from '@nestjs/common';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore } from '@repository/modules/store/image-store.adapter';
import { TransferRegistry } from '@repository/modules/store/transfer-registry';

/** The repository directory: filesystem adapter, locks, the catalog that reads image state, live transfers. */
@Module({
  providers: [ImageStore, ImageLocks, ImageCatalog, TransferRegistry],
  exports: [ImageStore, ImageLocks, ImageCatalog, TransferRegistry],
})
export class ImageStoreModule {}
