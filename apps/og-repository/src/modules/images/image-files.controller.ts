import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
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
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AUXILIARY_SUFFIXES,
  AuxiliarySuffix,
  IMAGE_STREAM_UPGRADE,
  OG_HEADERS,
  REPOSITORY_API_PREFIX,
} from '@og/contracts';
import { ApiTokenGuard } from '@repository/common/api-token.guard';
import { sendFileStream } from '@repository/common/send-file';
import { RepositoryImageDto, RepositoryImportRequestDto } from '@repository/modules/images/images.dto';
import { ImageTransfersService, UploadRequest } from '@repository/modules/images/image-transfers.service';
import { AuxiliarySuffixPipe, ImageNamePipe } from '@repository/modules/images/image-name.pipe';

const NAME = { name: 'name', description: 'canonical image name: 1–100 letters, digits, - or _' };

/** `/ogrepository/v1/images/{name}/…`: image bytes in (upload, import) and out (download, auxiliary files). */
@ApiTags('images')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing or wrong API token' })
@UseGuards(ApiTokenGuard)
@Controller(`${REPOSITORY_API_PREFIX}/images`)
export class ImageFilesController {
  constructor(private readonly transfers: ImageTransfersService) {}

  /** Streams a new version of `<name>.img` in (replaces the old one only once complete and verified). */
  @Put(':name/file')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Upload an image',
    description:
      `Body: raw image bytes (application/octet-stream), usually chunked. The sender declares \`${OG_HEADERS.contentMd5}\` ` +
      `(hex MD5), or \`${OG_HEADERS.contentSha256}\` (hex SHA-256) when it names it in the \`Trailer\` header or sends ` +
      `it as a header, and \`${OG_HEADERS.contentLength}\` (bytes) as HTTP trailers (or as headers when it sends Content-Length). ` +
      'The previous version stays served until the new one is complete and verified; it is then kept as `<name>.img.ant` ' +
      '(with `.sum.ant`, `.full.sum.ant`, `.torrent.ant`…). ' +
      'Answers 201 with the image in status `processing`; `image.received` then `image.aux-ready` or `image.invalid` webhooks follow. ' +
      `Streamed form (what og-agent uses): the same PUT without a body, with \`Connection: Upgrade\` and ` +
      `\`Upgrade: ${IMAGE_STREAM_UPGRADE}\`; the checks above are answered as ordinary HTTP errors, else og-repository ` +
      'answers `101 Switching Protocols`, the client sends the raw image bytes, then a 48-byte trailer ' +
      '(`OGIMGEND`, length as u64 big-endian, SHA-256) and ends its side of the connection; og-repository verifies the ' +
      'trailer, installs the image and answers one line of JSON `{"status": 201, "body": <image>}` (or the status and ' +
      'error body this route would answer: 400 UPLOAD_CHECKSUM_MISSING / UPLOAD_CHECKSUM_MISMATCH, 507) before closing.',
  })
  @ApiParam(NAME)
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: OG_HEADERS.contentMd5,
    required: false,
    description: 'hex MD5 of the body (trailer, or header with Content-Length)',
  })
  @ApiHeader({
    name: OG_HEADERS.contentSha256,
    required: false,
    description:
      'hex SHA-256 of the body, instead of the MD5 (trailer announced in `Trailer`, or header with Content-Length)',
  })
  @ApiHeader({
    name: 'Upgrade',
    required: false,
    description: `\`${IMAGE_STREAM_UPGRADE}\` for the streamed form (101, raw bytes, 48-byte trailer, JSON answer line)`,
  })
  @ApiHeader({
    name: OG_HEADERS.contentLength,
    required: false,
    description:
      'body bytes (trailer, or header with Content-Length; as a header it is also checked against the free space)',
  })
  @ApiCreatedResponse({ type: RepositoryImageDto })
  @ApiBadRequestResponse({
    description: 'INVALID_IMAGE_NAME, UPLOAD_CHECKSUM_MISSING, UPLOAD_CHECKSUM_MISMATCH, UPLOAD_ABORTED',
  })
  @ApiConflictResponse({ description: 'UPLOAD_IN_PROGRESS: another upload or import of this name is running' })
  @ApiResponse({ status: 507, description: 'INSUFFICIENT_STORAGE: the filesystem is full; nothing was kept' })
  @ApiResponse({
    status: 101,
    description: `Switching Protocols: streamed upload accepted (\`Upgrade: ${IMAGE_STREAM_UPGRADE}\`); the outcome follows as a JSON line`,
  })
  upload(@Param('name', ImageNamePipe) name: string, @Req() req: Request): Promise<RepositoryImageDto> {
    return this.transfers.receive(name, req as unknown as UploadRequest);
  }

  /** Pulls `<name>.img` from another og-repository, verified against its `.full.sum`, and installs it like an upload. */
  @Post(':name/import')
  @ApiOperation({
    summary: 'Import an image from another og-repository',
    description:
      'Streams `{url}/ogrepository/v1/images/{name}/file` with `Authorization: Bearer {token}`, checks its MD5 against ' +
      'the source `.full.sum`, then installs it atomically (old version kept as `.ant`). Answers once installed; ' +
      '`image.imported` then `image.aux-ready` or `image.invalid` webhooks follow.',
  })
  @ApiParam(NAME)
  @ApiCreatedResponse({ type: RepositoryImageDto })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME, validation errors of the body' })
  @ApiConflictResponse({
    description:
      'UPLOAD_IN_PROGRESS; IMPORT_SOURCE_NOT_READY: the source has no `.full.sum` for it (missing or not ready)',
  })
  @ApiBadGatewayResponse({ description: 'IMPORT_SOURCE_FAILED, IMPORT_CHECKSUM_MISMATCH' })
  @ApiResponse({ status: 507, description: 'INSUFFICIENT_STORAGE' })
  import(
    @Param('name', ImageNamePipe) name: string,
    @Body() body: RepositoryImportRequestDto,
  ): Promise<RepositoryImageDto> {
    return this.transfers.importFrom(name, body);
  }

  /** Streams `<name>.img` out (`HEAD` too); `Range`/`If-Range` honoured, `ETag` = full MD5 once known. */
  @Get(':name/file')
  @ApiParam(NAME)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'image bytes (206 for a Range request)', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'IMAGE_NOT_FOUND' })
  async download(@Param('name', ImageNamePipe) name: string, @Res() res: Response): Promise<void> {
    sendFileStream(res, await this.transfers.imageFile(name));
  }

  /** An auxiliary file of a `ready` image: `sum`, `full.sum`, `size`, `info` (text) or `torrent`. */
  @Get(':name/file/:suffix')
  @ApiParam(NAME)
  @ApiParam({ name: 'suffix', enum: AUXILIARY_SUFFIXES })
  @ApiProduces('text/plain', 'application/x-bittorrent')
  @ApiOkResponse({ description: 'file content', schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'INVALID_IMAGE_NAME, UNKNOWN_AUXILIARY_SUFFIX' })
  @ApiNotFoundResponse({
    description: 'IMAGE_NOT_FOUND, AUXILIARY_FILE_NOT_FOUND (image not ready: being computed, or invalid)',
  })
  async auxiliary(
    @Param('name', ImageNamePipe) name: string,
    @Param('suffix', AuxiliarySuffixPipe) suffix: AuxiliarySuffix,
    @Res() res: Response,
  ): Promise<void> {
    sendFileStream(res, await this.transfers.auxiliaryFile(name, suffix));
  }
}
