import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { Page } from '@core/common/pagination';
import { SubnetsService } from '@core/modules/subnets/subnets.service';
import { ClientQuery } from './client.dto';
import { ClientJson, JSON_CONTENT_TYPE, JsonText } from './client-json.sql';
import { ClientsService } from './clients.service';

/** `GET /subnets/{id}/clients`: the clients of a subnet, within the caller's units. */
@ApiTags('subnets')
@ApiBearerAuth()
@Controller('subnets')
export class SubnetClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly subnets: SubnetsService,
  ) {}

  @Get(':id/clients')
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ClientQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<JsonText<Page<ClientJson>>> {
    await this.subnets.get(id);
    return this.clients.list({ ...q, subnetId: id } as ClientQuery, user);
  }
}
