import { Module } from '@nestjs/common';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageStore } from '@repository/modules/store/image-store.adapter';

/** The repository directory: filesystem adapter and the catalog that reads image state from it. */
@Module({ providers: [ImageStore, ImageCatalog], exports: [ImageStore, ImageCatalog] })
export class ImageStoreModule {}
