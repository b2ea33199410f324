import { registerRepositoryQueue } from '@repository/config/queue';
import { Module } from '@nestjs/common';
import { QUEUES } from '@og/contracts';
import { AuxiliaryFilesProcessor } from '@repository/modules/auxiliary-files/auxiliary-files.processor';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { AuxiliaryFilesService } from '@repository/modules/auxiliary-files/auxiliary-files.service';
import { AuxiliaryFilesStartup } from '@repository/modules/auxiliary-files/auxiliary-files.startup';
import { ReportingModule } from '@repository/modules/reporting/reporting.module';
import { ImageStoreModule } from '@repository/modules/store/image-store.module';

/** `.sum`, `.full.sum`, `.size`, `.info`, `.torrent`: queue, worker and the rules of the computation. */
@Module({
  imports: [registerRepositoryQueue(QUEUES.auxiliaryFiles), ImageStoreModule, ReportingModule],
  providers: [AuxiliaryFilesQueue, AuxiliaryFilesService, AuxiliaryFilesProcessor, AuxiliaryFilesStartup],
  exports: [AuxiliaryFilesQueue],
})
export class AuxiliaryFilesModule {}
