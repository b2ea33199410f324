import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { CreateImageRepositoryDto, ImageRepositoryQuery, UpdateImageRepositoryDto } from './image-repository.dto';
import { ImageRepositoryEntity } from './image-repository.entity';
import { ImageRepositoriesService } from './image-repositories.service';

@ApiTags('image-repositories')
@ApiBearerAuth()
@Controller('image-repositories')
export class ImageRepositoriesController {
  constructor(private readonly service: ImageRepositoriesService) {}

  @Get()
  @ApiPageOf(ImageRepositoryEntity)
  list(@Query() q: ImageRepositoryQuery): Promise<Page<ImageRepositoryEntity>> {
    return this.service.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: ImageRepositoryEntity })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ImageRepositoryEntity> {
    return this.service.get(id);
  }

  @Post()
  @MinRole('super-admin')
  @ApiCreatedResponse({ type: ImageRepositoryEntity })
  create(@Body() dto: CreateImageRepositoryDto): Promise<ImageRepositoryEntity> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @MinRole('super-admin')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateImageRepositoryDto,
  ): Promise<ImageRepositoryEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @MinRole('super-admin')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
