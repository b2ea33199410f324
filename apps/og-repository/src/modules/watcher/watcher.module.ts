import { Module } from '@nestjs/common';
import { AuxiliaryFilesModule } from '@repository/modules/auxiliary-files/auxiliary-files.module';
import { ImageStoreModule } from '@repository/modules/store/image-store.module';
import { ImageWatcher } from '@repository/modules/watcher/image-watcher.adapter';

/** The directory watcher and startup scan. */
@Module({ imports: [ImageStoreModule, AuxiliaryFilesModule], providers: [ImageWatcher] })
export class WatcherModule {}
