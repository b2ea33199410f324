import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageOf, Page, PageQuery } from '@core/common/pagination';
import { HardwareProfileEntity } from './hardware-profile.entity';
import { ProfilesService } from './profiles.service';
import { SoftwareProfileEntity } from './software-profile.entity';

/** Hardware and software profiles: filled by the agents' inventory commands, read here. */
@ApiTags('profiles')
@ApiBearerAuth()
@Controller()
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get('hardware-profiles')
  @ApiPageOf(HardwareProfileEntity)
  listHardware(@Query() q: PageQuery): Promise<Page<HardwareProfileEntity>> {
    return this.profiles.listHardware(q);
  }

  @Get('hardware-profiles/:id')
  @ApiOkResponse({ type: HardwareProfileEntity })
  getHardware(@Param('id', ParseUUIDPipe) id: string): Promise<HardwareProfileEntity> {
    return this.profiles.getHardware(id);
  }

  @Get('software-profiles')
  @ApiPageOf(SoftwareProfileEntity)
  listSoftware(@Query() q: PageQuery): Promise<Page<SoftwareProfileEntity>> {
    return this.profiles.listSoftware(q);
  }

  @Get('software-profiles/:id')
  @ApiOkResponse({ type: SoftwareProfileEntity })
  getSoftware(@Param('id', ParseUUIDPipe) id: string): Promise<SoftwareProfileEntity> {
    return this.profiles.getSoftware(id);
  }
}
