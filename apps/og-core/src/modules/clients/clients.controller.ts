import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { ClientQuery, CreateClientDto, ImportClientsDto, UpdateClientDto } from './client.dto';
import { ClientJson, JSON_CONTENT_TYPE, JsonText } from './client-json.sql';
import { ClientEntity } from './client.entity';
import { ClientsService } from './clients.service';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly service: ClientsService) {}

  /** Clients in the caller's units; filter by unit, subnet, repository, name, mac, ip, status; sort by name, ip, mac, status, lastSeenAt. */
  @Get()
  @Header('Content-Type', JSON_CONTENT_TYPE)
  @ApiPageOf(ClientEntity)
  list(@Query() q: ClientQuery, @CurrentUser() user: AuthUser): Promise<JsonText<Page<ClientJson>>> {
    return this.service.list(q, user);
  }

  /** A client with its partitions as its agent last reported them. */
  @Get(':id')
  @Header('Content-Type', JSON_CONTENT_TYPE)
  @ApiOkResponse({ type: ClientEntity })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<JsonText<ClientJson>> {
    return this.service.view(id, user);
  }

  @Post()
  @MinRole('ou-admin')
  @ApiCreatedResponse({ type: ClientEntity })
  create(@Body() dto: CreateClientDto, @CurrentUser() user: AuthUser): Promise<ClientEntity> {
    return this.service.create(dto, user);
  }

  /** Imports a classroom's clients from CSV or JSON rows: all or nothing, 400 with every refused row. */
  @Post('import')
  @MinRole('ou-admin')
  @ApiBadRequestResponse({ description: '`details.errors`: [{row, field, message}]' })
  import(
    @Body() dto: ImportClientsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ created: number; clients: ClientEntity[] }> {
    return this.service.import(dto, user);
  }

  /** Updates a client; a new `organizationalUnitId` moves it in one call. */
  @Patch(':id')
  @MinRole('ou-admin')
  @ApiOkResponse({ type: ClientEntity })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateClientDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ClientEntity> {
    return this.service.update(id, dto, user);
  }

  @Delete(':id')
  @MinRole('ou-admin')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.service.remove(id, user);
  }
}
