import { Controller, Delete, Get, Param, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { REPOSITORY_API_PREFIX } from '@og/contracts';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import {
  RepositoryImageCheckDto,
  RepositoryImageDto,
  RepositoryImageListDto,
  RepositoryRescanDto,
} from '@repository/modules/images/images.dto';
import { ImagesService } from '@repository/modules/images/images.service';
import { ImageNamePipe } from '@repository/modules/images/image-name.pipe';

const NAME = { name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' };

/** `/ogrepository/v1/images`: the catalog (list, one image, rescan, check, delete to the trash). */
@ApiTags('images')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing or wrong API token' })
@UseGuards(ApiTokenGuard)
@Controller(`${REPOSITORY_API_PREFIX}/images`)
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  /** Every `<name>.img` with its status and checksums, plus disk usage. */
  @Get()
  @ApiOperation({
    summary: 'List the images',
    description:
      'Every `<name>.img`, and every set of split volumes (`<name>.img.aa`…, `.000`…) that cannot be joined, as an ' +
      '`invalid` image whose `invalidReason` says why.',
  })
  @ApiOkResponse({ type: RepositoryImageListDto })
  list(): Promise<RepositoryImageListDto> {
    return this.images.list();
  }

  /** Rescans the directory: joins split volumes, queues auxiliary files where missing or stale, reports vanished images. */
  @Put()
  @ApiOperation({
    summary: 'Rescan the repository',
    description:
      'Split volumes (`<name>.img.aa`…, `.000`…) are joined into `<name>.img` as the watcher does; a set that ' +
      'cannot be joined is left untouched, listed as `invalid` and reported as `image.invalid`. Images without (or ' +
      'with stale) auxiliary files, joined ones included, are queued and reported as `image.received`; images whose ' +
      '`<name>.img` disappeared are reported as `image.vanished` and their leftover auxiliary files removed.',
  })
  @ApiOkResponse({ type: RepositoryRescanDto })
  rescan(): Promise<RepositoryRescanDto> {
    return this.images.rescan();
  }

  /** One image. */
  @Get(':name')
  @ApiParam(NAME)
  @ApiOkResponse({ type: RepositoryImageDto })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME' })
  @ApiNotFoundResponse({ description: 'IMAGE_NOT_FOUND' })
  get(@Param('name', ImageNamePipe) name: string): Promise<RepositoryImageDto> {
    return this.images.get(name);
  }

  /** Recomputes `.sum` and `.full.sum` in one read of the file and compares them with the stored ones. */
  @Get(':name/check')
  @ApiParam(NAME)
  @ApiOkResponse({ type: RepositoryImageCheckDto })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME' })
  @ApiNotFoundResponse({ description: 'IMAGE_NOT_FOUND' })
  check(@Param('name', ImageNamePipe) name: string): Promise<RepositoryImageCheckDto> {
    return this.images.check(name);
  }

  /** Moves the image and its files (auxiliary, `.ant` backup) to the trash; `image.deleted` follows. */
  @Delete(':name')
  @ApiParam(NAME)
  @ApiOkResponse({ type: RepositoryImageDto, description: 'the image as it was' })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME' })
  @ApiNotFoundResponse({ description: 'IMAGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'IMAGE_LOCKED: an upload or import of this name is running' })
  remove(@Param('name', ImageNamePipe) name: string): Promise<RepositoryImageDto> {
    return this.images.remove(name);
  }
}
