import { Controller, Get, HttpCode, HttpStatus, Param, Put, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AUXILIARY_SUFFIXES, AuxiliarySuffix, OG_HEADERS, REPOSITORY_API_PREFIX } from '@og/contracts';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import { sendFileStream } from '@repository/common/send-file';
import { RepositoryImageDto, RepositoryImageListDto } from '@repository/modules/images/images.dto';
import { ImagesService, UploadRequest } from '@repository/modules/images/images.service';
import { AuxiliarySuffixPipe, ImageNamePipe } from '@repository/modules/images/image-name.pipe';

/** `/ogrepository/v1/images`: list, upload and download images and their auxiliary files. */
@ApiTags('images')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing or wrong API token' })
@UseGuards(ApiTokenGuard)
@Controller(`${REPOSITORY_API_PREFIX}/images`)
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  /** Every `<name>.img` with its status and checksums, plus disk usage. */
  @Get()
  @ApiOkResponse({ type: RepositoryImageListDto })
  list(): Promise<RepositoryImageListDto> {
    return this.images.list();
  }

  /** One image. */
  @Get(':name')
  @ApiParam({ name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' })
  @ApiOkResponse({ type: RepositoryImageDto })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME' })
  @ApiNotFoundResponse({ description: 'IMAGE_NOT_FOUND' })
  get(@Param('name', ImageNamePipe) name: string): Promise<RepositoryImageDto> {
    return this.images.get(name);
  }

  /** Streams a new version of `<name>.img` in (replaces the old one only once complete and verified). */
  @Put(':name/file')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Upload an image',
    description:
      `Body: raw image bytes (application/octet-stream), usually chunked. The sender declares \`${OG_HEADERS.contentMd5}\` ` +
      `(hex MD5) and \`${OG_HEADERS.contentLength}\` (bytes) as HTTP trailers (or as headers when it sends Content-Length). ` +
      'Answers 201 with the image in status `processing`; `image.received` then `image.aux-ready` or `image.invalid` webhooks follow.',
  })
  @ApiParam({ name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: OG_HEADERS.contentMd5,
    required: false,
    description: 'hex MD5 of the body (trailer, or header with Content-Length)',
  })
  @ApiHeader({
    name: OG_HEADERS.contentLength,
    required: false,
    description: 'body bytes (trailer, or header with Content-Length)',
  })
  @ApiCreatedResponse({ type: RepositoryImageDto })
  @ApiBadRequestResponse({
    description: 'INVALID_IMAGE_NAME, UPLOAD_CHECKSUM_MISSING, UPLOAD_CHECKSUM_MISMATCH, UPLOAD_ABORTED',
  })
  @ApiConflictResponse({ description: 'UPLOAD_IN_PROGRESS: another upload of this name is running' })
  upload(@Param('name', ImageNamePipe) name: string, @Req() req: Request): Promise<RepositoryImageDto> {
    return this.images.receive(name, req as unknown as UploadRequest);
  }

  /** Streams `<name>.img` out (`HEAD` too); `Range`/`If-Range` honoured, `ETag` = full MD5 once known. */
  @Get(':name/file')
  @ApiParam({ name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'image bytes (206 for a Range request)', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'IMAGE_NOT_FOUND' })
  async download(@Param('name', ImageNamePipe) name: string, @Res() res: Response): Promise<void> {
    sendFileStream(res, await this.images.imageFile(name));
  }

  /** An auxiliary file: `sum`, `full.sum`, `size`, `info` (text) or `torrent`. */
  @Get(':name/file/:suffix')
  @ApiParam({ name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' })
  @ApiParam({ name: 'suffix', enum: AUXILIARY_SUFFIXES })
  @ApiProduces('text/plain', 'application/x-bittorrent')
  @ApiOkResponse({ description: 'file content', schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME, UNKNOWN_AUXILIARY_SUFFIX' })
  @ApiNotFoundResponse({
    description: 'IMAGE_NOT_FOUND, AUXILIARY_FILE_NOT_FOUND (not computed yet, or image invalid)',
  })
  async auxiliary(
    @Param('name', ImageNamePipe) name: string,
    @Param('suffix', AuxiliarySuffixPipe) suffix: AuxiliarySuffix,
    @Res() res: Response,
  ): Promise<void> {
    sendFileStream(res, await this.images.auxiliaryFile(name, suffix));
  }
}
