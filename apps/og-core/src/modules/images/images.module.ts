import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImageRepositoriesModule } from '@core/modules/image-repositories/image-repositories.module';
import { ImageEntity } from './image.entity';
import { ImagesController } from './images.controller';
import { ImagesRepository } from './images.repository';
import { RepositoryImagesController } from './repository-images.controller';
import { ImagesService } from './images.service';

@Module({
  imports: [TypeOrmModule.forFeature([ImageEntity]), ImageRepositoriesModule],
  controllers: [ImagesController, RepositoryImagesController],
  providers: [ImagesRepository, ImagesService],
  exports: [ImagesService],
})
export class ImagesModule {}
