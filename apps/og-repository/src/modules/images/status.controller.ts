import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { REPOSITORY_API_PREFIX } from '@og/contracts';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import { RepositoryStatusDto } from '@repository/modules/images/images.dto';
import { ImagesService } from '@repository/modules/images/images.service';

/** `/ogrepository/v1/status`: disk, counts and transfers in progress. */
@ApiTags('status')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing or wrong API token' })
@UseGuards(ApiTokenGuard)
@Controller(`${REPOSITORY_API_PREFIX}/status`)
export class StatusController {
  constructor(private readonly images: ImagesService) {}

  /** Disk total/free, image and trash counts, uploads/downloads/imports in progress with bytes and rate. */
  @Get()
  @ApiOkResponse({ type: RepositoryStatusDto })
  status(): Promise<RepositoryStatusDto> {
    return this.images.status();
  }
}
