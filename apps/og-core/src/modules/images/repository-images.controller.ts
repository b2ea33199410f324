import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiPageOf, Page } from '@core/common/pagination';
import { ImageRepositoriesService } from '@core/modules/image-repositories/image-repositories.service';
import { ImageQuery } from './image.dto';
import { ImageEntity } from './image.entity';
import { ImagesService } from './images.service';

/** `GET /image-repositories/{id}/images`: the images a repository holds. */
@ApiTags('image-repositories')
@ApiBearerAuth()
@Controller('image-repositories')
export class RepositoryImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly repositories: ImageRepositoriesService,
  ) {}

  @Get(':id/images')
  @ApiPageOf(ImageEntity)
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() q: ImageQuery): Promise<Page<ImageEntity>> {
    await this.repositories.get(id);
    return this.images.list({ ...q, repositoryId: id } as ImageQuery);
  }
}
