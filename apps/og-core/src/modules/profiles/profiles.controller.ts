import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { ApiPageOf, Page, PageQuery } from '@core/common/pagination';
import { HardwareProfileEntity } from './hardware-profile.entity';
import { SoftwareProfileQuery } from './profile.dto';
import { ProfilesService } from './profiles.service';
import { SoftwareProfileEntity } from './software-profile.entity';

/** Hardware and software profiles: filled by the agents' inventory commands, read here. */
@ApiTags('profiles')
@ApiBearerAuth()
@Controller()
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  /** Hardware profiles of clients within the caller's units. */
  @Get('hardware-profiles')
  @ApiPageOf(HardwareProfileEntity)
  listHardware(@Query() q: PageQuery, @CurrentUser() user: AuthUser): Promise<Page<HardwareProfileEntity>> {
    return this.profiles.listHardware(q, user);
  }

  @Get('hardware-profiles/:id')
  @ApiOkResponse({ type: HardwareProfileEntity })
  getHardware(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<HardwareProfileEntity> {
    return this.profiles.getHardware(id, user);
  }

  /** Software profiles of images and of the partitions of clients within the caller's units; filters `clientId`, `disk`, `partition`. */
  @Get('software-profiles')
  @ApiPageOf(SoftwareProfileEntity)
  listSoftware(@Query() q: SoftwareProfileQuery, @CurrentUser() user: AuthUser): Promise<Page<SoftwareProfileEntity>> {
    return this.profiles.listSoftware(q, user);
  }

  @Get('software-profiles/:id')
  @ApiOkResponse({ type: SoftwareProfileEntity })
  getSoftware(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<SoftwareProfileEntity> {
    return this.profiles.getSoftware(id, user);
  }

  /** The software profile of each inventoried partition of a client, by disk and partition; within the caller's units. */
  @Get('clients/:id/software-profiles')
  @ApiTags('clients')
  @ApiPageOf(SoftwareProfileEntity)
  listForClient(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: PageQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<SoftwareProfileEntity>> {
    return this.profiles.listSoftware(Object.assign(new SoftwareProfileQuery(), q, { clientId: id }), user);
  }
}
