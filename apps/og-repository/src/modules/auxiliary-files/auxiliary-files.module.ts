import { registerRepositoryQueue } from '@repository/config/queue';
import { Module } from '@nestjs/common';
import { QUEUES } from '@og/contracts';
import { AuxiliaryFilesProcessor } from '@repository/modules/auxiliary-files/auxiliary-files.processor';
import { AuxiliaryFilesQueue } from '@repository/modules/auxiliary-files/auxiliary-files.queue';
import { AuxiliaryFilesService } from '@repository/modules/auxiliary-files/auxiliary-files.service';
import { ImageIntake } from '@repository/modules/auxiliary-files/image-intake.service';
import { ReportingModule } from '@repository/modules/reporting/reporting.module';
import { ImageStoreModule } from '@repository/modules/store/image-store.module';

/** `.sum`, `.full.sum`, `.size`, `.info`, `.torrent`: queue, worker, intake of new files and the rules of the computation. */
@Module({
  imports: [registerRepositoryQueue(QUEUES.auxiliaryFiles), ImageStoreModule, ReportingModule],
  providers: [AuxiliaryFilesQueue, AuxiliaryFilesService, AuxiliaryFilesProcessor, ImageIntake],
  exports: [AuxiliaryFilesQueue, AuxiliaryFilesService, ImageIntake],
})
export class AuxiliaryFilesModule {}
