import { Module } from '@nestjs/common';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import { AuxiliaryFilesModule } from '@repository/modules/auxiliary-files/auxiliary-files.module';
import { ImageFilesController } from '@repository/modules/images/image-files.controller';
import { ImageStreamGateway } from '@repository/modules/images/image-stream.gateway';
import { ImageTransfersService } from '@repository/modules/images/image-transfers.service';
import { ImagesController } from '@repository/modules/images/images.controller';
import { ImagesService } from '@repository/modules/images/images.service';
import { StatusController } from '@repository/modules/images/status.controller';
import { TrashController } from '@repository/modules/images/trash.controller';
import { ReportingModule } from '@repository/modules/reporting/reporting.module';
import { ImageStoreModule } from '@repository/modules/store/image-store.module';

/** The images API: catalog, transfers, trash and status. */
@Module({
  imports: [ImageStoreModule, AuxiliaryFilesModule, ReportingModule],
  controllers: [ImagesController, ImageFilesController, TrashController, StatusController],
  providers: [ImagesService, ImageTransfersService, ApiTokenGuard, ImageStreamGateway],
})
export class ImagesModule {}
