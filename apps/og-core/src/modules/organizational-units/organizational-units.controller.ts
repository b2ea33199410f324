import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Page } from '@core/common/pagination';
import {
  CreateOrganizationalUnitDto,
  OrganizationalUnitQuery,
  UpdateOrganizationalUnitDto,
} from './organizational-unit.dto';
import { OrganizationalUnitEntity } from './organizational-unit.entity';
import { OrganizationalUnitsService } from './organizational-units.service';

@ApiTags('organizational-units')
@ApiBearerAuth()
@Controller('organizational-units')
export class OrganizationalUnitsController {
  constructor(private readonly service: OrganizationalUnitsService) {}

  @Get()
  list(@Query() q: OrganizationalUnitQuery): Promise<Page<OrganizationalUnitEntity>> {
    return this.service.list(q);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OrganizationalUnitEntity> {
    return this.service.get(id);
  }

  @Post()
  create(@Body() dto: CreateOrganizationalUnitDto): Promise<OrganizationalUnitEntity> {
    return this.service.create(dto);
  }

  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateOrganizationalUnitDto,
  ): Promise<OrganizationalUnitEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
