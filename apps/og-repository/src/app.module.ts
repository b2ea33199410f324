import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, jsonLoggerModule } from '@og/nest-common';
import { RepositoryConfigModule } from '@repository/config/config.module';
import { RepositoryConfig } from '@repository/config/env';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { AuxiliaryFilesModule } from '@repository/modules/auxiliary-files/auxiliary-files.module';
import { ImagesModule } from '@repository/modules/images/images.module';
import { ReportingModule } from '@repository/modules/reporting/reporting.module';
import { ImageStore } from '@repository/modules/store/image-store.adapter';
import { ImageStoreModule } from '@repository/modules/store/image-store.module';
import { WatcherModule } from '@repository/modules/watcher/watcher.module';

/** og-repository: images API, auxiliary-files worker and webhook outbox in one process. */
@Module({})
export class AppModule {
  /** The app wired to `config`. */
  static register(config: RepositoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RepositoryConfigModule.forRoot(config),
        jsonLoggerModule('og-repository', config.logLevel),
        ImageStoreModule,
        ReportingModule,
        AuxiliaryFilesModule,
        ImagesModule,
        WatcherModule,
        HealthModule.forRoot({
          imports: [ImageStoreModule, AuxiliaryFilesModule],
          inject: [ImageStore, AuxiliaryFilesQueue],
          useFactory: (store: ImageStore, queue: AuxiliaryFilesQueue) => [
            { name: 'redis', check: () => queue.ping() },
            { name: 'imageDirectory', check: () => store.checkWritable() },
          ],
        }),
      ],
    };
  }
}
