import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { CreateOgLiveDto, OgLiveQuery, UpdateOgLiveDto } from './og-live.dto';
import { OgLiveEntity } from './og-live.entity';
import { OgLivesService } from './og-lives.service';

@ApiTags('og-lives')
@ApiBearerAuth()
@Controller('og-lives')
export class OgLivesController {
  constructor(private readonly service: OgLivesService) {}

  @Get()
  @ApiPageOf(OgLiveEntity)
  list(@Query() q: OgLiveQuery): Promise<Page<OgLiveEntity>> {
    return this.service.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: OgLiveEntity })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OgLiveEntity> {
    return this.service.get(id);
  }

  @Post()
  @MinRole('super-admin')
  @ApiCreatedResponse({ type: OgLiveEntity })
  create(@Body() dto: CreateOgLiveDto): Promise<OgLiveEntity> {
    return this.service.create(dto);
  }

  /** `isDefault: true` makes it the default (the previous one stops being it). */
  @Patch(':id')
  @MinRole('super-admin')
  @ApiOkResponse({ type: OgLiveEntity })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOgLiveDto): Promise<OgLiveEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @MinRole('super-admin')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
