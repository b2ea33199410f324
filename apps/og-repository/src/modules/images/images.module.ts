import { Module } from '@nestjs/common';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import { AuxiliaryFilesModule } from '@repository/modules/auxiliary-files/auxiliary-files.module';
import { ImagesController } from '@repository/modules/images/images.controller';
import { ImagesService } from '@repository/modules/images/images.service';
import { ReportingModule } from '@repository/modules/reporting/reporting.module';
import { ImageStoreModule } from '@repository/modules/store/image-store.module';

/** The images API. */
@Module({
  imports: [ImageStoreModule, AuxiliaryFilesModule, ReportingModule],
  controllers: [ImagesController],
  providers: [ImagesService, ApiTokenGuard],
})
export class ImagesModule {}
