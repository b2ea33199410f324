import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { CreateImageDto, ImageQuery, UpdateImageDto } from './image.dto';
import { ImageEntity } from './image.entity';
import { ImagesService } from './images.service';

@ApiTags('images')
@ApiBearerAuth()
@Controller('images')
export class ImagesController {
  constructor(private readonly service: ImagesService) {}

  @Get()
  @ApiPageOf(ImageEntity)
  list(@Query() q: ImageQuery): Promise<Page<ImageEntity>> {
    return this.service.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: ImageEntity })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ImageEntity> {
    return this.service.get(id);
  }

  @Post()
  @MinRole('ou-admin')
  @ApiCreatedResponse({ type: ImageEntity })
  create(@Body() dto: CreateImageDto, @CurrentUser() user: AuthUser): Promise<ImageEntity> {
    return this.service.create(dto, user.username);
  }

  @Patch(':id')
  @MinRole('ou-admin')
  @ApiOkResponse({ type: ImageEntity })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateImageDto): Promise<ImageEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @MinRole('ou-admin')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
