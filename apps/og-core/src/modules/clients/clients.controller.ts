import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Page } from '@core/common/pagination';
import { ClientQuery, CreateClientDto, UpdateClientDto } from './client.dto';
import { ClientEntity } from './client.entity';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly service: ClientsService) {}

  @Get()
  list(@Query() q: ClientQuery): Promise<Page<ClientEntity>> {
    return this.service.list(q);
  }

  /** A client with its partitions as its agent last reported them. */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ClientEntity> {
    return this.service.get(id);
  }

  @Post()
  create(@Body() dto: CreateClientDto): Promise<ClientEntity> {
    return this.service.create(dto);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateClientDto): Promise<ClientEntity> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }
}
