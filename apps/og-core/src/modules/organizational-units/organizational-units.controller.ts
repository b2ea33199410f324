import { Body, Controller, Delete, Get, Header, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { ApiPageOf, Page } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { JSON_CONTENT_TYPE, JsonText } from '@core/modules/clients/client-json.sql';
import {
  CreateOrganizationalUnitDto,
  DeleteOrganizationalUnitQuery,
  OrganizationalUnitQuery,
  UpdateOrganizationalUnitDto,
} from './organizational-unit.dto';
import { OrganizationalUnitEntity } from './organizational-unit.entity';
import { OrganizationalUnitNode, OrganizationalUnitsService } from './organizational-units.service';

@ApiTags('organizational-units')
@ApiBearerAuth()
@Controller('organizational-units')
export class OrganizationalUnitsController {
  constructor(private readonly service: OrganizationalUnitsService) {}

  /** Units the caller may see; filter by parent, type, name; sort by name, type, createdAt. */
  @Get()
  @ApiPageOf(OrganizationalUnitEntity)
  list(@Query() q: OrganizationalUnitQuery, @CurrentUser() user: AuthUser): Promise<Page<OrganizationalUnitEntity>> {
    return this.service.list(q, user);
  }

  /** The caller's part of the tree, each unit with its `children`. */
  @Get('tree')
  @Header('Content-Type', JSON_CONTENT_TYPE)
  tree(@CurrentUser() user: AuthUser): Promise<JsonText<OrganizationalUnitNode[]>> {
    return this.service.tree(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationalUnitEntity })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<OrganizationalUnitEntity> {
    return this.service.get(id, user);
  }

  @Post()
  @MinRole('ou-admin')
  @ApiCreatedResponse({ type: OrganizationalUnitEntity })
  create(@Body() dto: CreateOrganizationalUnitDto, @CurrentUser() user: AuthUser): Promise<OrganizationalUnitEntity> {
    return this.service.create(dto, user);
  }

  /** Updates a unit; a new `parentId` moves it (with everything under it) in one call. */
  @Patch(':id')
  @MinRole('ou-admin')
  @ApiOkResponse({ type: OrganizationalUnitEntity })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateOrganizationalUnitDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OrganizationalUnitEntity> {
    return this.service.update(id, dto, user);
  }

  /** Deletes a unit; `cascade=true` also deletes every unit and client under it (else 409 when not empty). */
  @Delete(':id')
  @MinRole('ou-admin')
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: DeleteOrganizationalUnitQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<{ units: number; clients: number }> {
    return this.service.remove(id, user, q.cascade);
  }
}
