import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImageRepositoryEntity } from './image-repository.entity';
import { ImageRepositoriesController } from './image-repositories.controller';
import { ImageRepositoriesRepository } from './image-repositories.repository';
import { ImageRepositoriesService } from './image-repositories.service';

@Module({
  imports: [TypeOrmModule.forFeature([ImageRepositoryEntity])],
  controllers: [ImageRepositoriesController],
  providers: [ImageRepositoriesRepository, ImageRepositoriesService],
  exports: [ImageRepositoriesService],
})
export class ImageRepositoriesModule {}
