import { Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { REPOSITORY_API_PREFIX } from '@og/contracts';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import { RepositoryImageDto, RepositoryTrashListDto } from '@repository/modules/images/images.dto';
import { ImagesService } from '@repository/modules/images/images.service';
import { ImageNamePipe } from '@repository/modules/images/image-name.pipe';

const NAME = { name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' };

/** `/ogrepository/v1/trash/images`: deleted images (`OG_REPOSITORY_TRASH_DIR`), recover and purge. */
@ApiTags('trash')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing or wrong API token' })
@UseGuards(ApiTokenGuard)
@Controller(`${REPOSITORY_API_PREFIX}/trash/images`)
export class TrashController {
  constructor(private readonly images: ImagesService) {}

  /** Every image in the trash, with the time it was deleted. */
  @Get()
  @ApiOkResponse({ type: RepositoryTrashListDto })
  list(): Promise<RepositoryTrashListDto> {
    return this.images.listTrash();
  }

  /** Moves the image and its files back into the repository; `image.recovered` follows. */
  @Post(':name')
  @ApiParam(NAME)
  @ApiCreatedResponse({ type: RepositoryImageDto, description: 'the image as it is now' })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME' })
  @ApiNotFoundResponse({ description: 'TRASHED_IMAGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'IMAGE_EXISTS: the repository already has an image of that name' })
  recover(@Param('name', ImageNamePipe) name: string): Promise<RepositoryImageDto> {
    return this.images.recover(name);
  }

  /** Deletes the trashed image and its files for good; `image.purged` follows. */
  @Delete(':name')
  @ApiParam(NAME)
  @ApiOkResponse({ type: RepositoryImageDto, description: 'the image as it was in the trash' })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME' })
  @ApiNotFoundResponse({ description: 'TRASHED_IMAGE_NOT_FOUND' })
  purge(@Param('name', ImageNamePipe) name: string): Promise<RepositoryImageDto> {
    return this.images.purge(name);
  }
}
