import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { CreateSubnetDto, SubnetQuery, UpdateSubnetDto } from './subnet.dto';
import { SubnetEntity } from './subnet.entity';
import { SubnetsService } from './subnets.service';

@ApiTags('subnets')
@ApiBearerAuth()
@Controller('subnets')
export class SubnetsController {
  constructor(private readonly service: SubnetsService) {}

  @Get()
  @ApiPageOf(SubnetEntity)
  list(@Query() q: SubnetQuery): Promise<Page<SubnetEntity>> {
    return this.service.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: SubnetEntity })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SubnetEntity> {
    return this.service.get(id);
  }

  @Post()
  @MinRole('super-admin')
  @ApiCreatedResponse({ type: SubnetEntity })
  create(@Body() dto: CreateSubnetDto): Promise<SubnetEntity> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @MinRole('super-admin')
  @ApiOkResponse({ type: SubnetEntity })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSubnetDto): Promise<SubnetEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @MinRole('super-admin')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
