import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Page } from '@core/common/pagination';
import { CreateSubnetDto, SubnetQuery, UpdateSubnetDto } from './subnet.dto';
import { SubnetEntity } from './subnet.entity';
import { SubnetsService } from './subnets.service';

@ApiTags('subnets')
@ApiBearerAuth()
@Controller('subnets')
export class SubnetsController {
  constructor(private readonly service: SubnetsService) {}

  @Get()
  list(@Query() q: SubnetQuery): Promise<Page<SubnetEntity>> {
    return this.service.list(q);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SubnetEntity> {
    return this.service.get(id);
  }

  @Post()
  create(@Body() dto: CreateSubnetDto): Promise<SubnetEntity> {
    return this.service.create(dto);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSubnetDto): Promise<SubnetEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
