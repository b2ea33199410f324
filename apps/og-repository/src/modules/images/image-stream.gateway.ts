import { BadRequestException, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { IMAGE_STREAM_UPGRADE, OG_HEADERS, REPOSITORY_API_PREFIX } from '@og/contracts';
import { refuseUpgrade } from '@og/imaging';
import { API_TOKEN_REFUSED, ApiTokenGuard } from '@repository/common/api-token.guard';
import { ImageNamePipe } from '@repository/modules/images/image-name.pipe';
import {
  announcedLength,
  checkUploadContentType,
  ImageTransfersService,
} from '@repository/modules/images/image-transfers.service';
import { errorBodyOf } from '@repository/modules/images/images.exception';

/** `PUT /ogrepository/v1/images/{name}/file`, the only path an upgrade is accepted on (`name` still encoded). */
const STREAM_PATH = new RegExp(`^/${REPOSITORY_API_PREFIX}/images/([^/]+)/file$`);

/**
 * The streamed upload ({@link IMAGE_STREAM_UPGRADE}) of `PUT images/{name}/file`: Node emits a request carrying
 * `Upgrade:` as the HTTP server's `'upgrade'` event instead of `'request'`, so Nest never routes it. This listener
 * makes the REST route's checks in its order (404 unknown route, 400 other upgrade token, 401 token, 400 name, 415
 * content type) with the same JSON error bodies, then hands the connection to {@link ImageTransfersService.receiveStream}.
 */
@Injectable()
export class ImageStreamGateway {
  private readonly logger = new Logger(ImageStreamGateway.name);
  private readonly names = new ImageNamePipe();

  constructor(
    private readonly tokens: ApiTokenGuard,
    private readonly transfers: ImageTransfersService,
  ) {}

  /** Listens for upgrade requests on `server` (the app's HTTP server, `app.getHttpServer()`). */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.handle(req, socket, head));
  }

  /**
   * Answers one upgrade request: refuses it (ordinary HTTP answer, connection closed) or starts the streamed upload.
   * Never throws; resolves when the upload has been answered.
   */
  async handle(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', (err) => this.logger.debug({ error: err.message }, 'upgrade connection error'));
    try {
      const name = this.check(req, head);
      await this.transfers.receiveStream(name, socket, {
        peer: req.socket.remoteAddress ?? null,
        expectedBytes: announcedLength({ [OG_HEADERS.contentLength]: req.headers[OG_HEADERS.contentLength] }),
      });
    } catch (err) {
      const body = errorBodyOf(err);
      if (body.correlationId)
        this.logger.error({ correlationId: body.correlationId, err: (err as Error).stack }, 'upgrade request failed');
      if (!socket.destroyed) refuseUpgrade(socket, body.statusCode, body);
    }
  }

  /**
   * The image name of an acceptable streamed upload request.
   * @throws NotFoundException (not `PUT images/{name}/file`), BadRequestException (another upgrade token, bytes
   *         before the 101), UnauthorizedException, ImageException INVALID_IMAGE_NAME or UPLOAD_UNSUPPORTED_MEDIA_TYPE
   */
  private check(req: IncomingMessage, head: Buffer): string {
    const path = (req.url ?? '').split('?')[0];
    const match = STREAM_PATH.exec(path);
    if (req.method !== 'PUT' || !match) throw new NotFoundException(`Cannot ${req.method} ${path}`);
    const upgrade = String(req.headers.upgrade ?? '').trim();
    if (upgrade.toLowerCase() !== IMAGE_STREAM_UPGRADE.toLowerCase())
      throw new BadRequestException(`only the ${IMAGE_STREAM_UPGRADE} upgrade is accepted here, not "${upgrade}"`);
    if (head.length > 0)
      throw new BadRequestException(`the image bytes must follow the 101 answer, not the request head`);
    if (!this.tokens.accepts(req.headers.authorization)) throw new UnauthorizedException(API_TOKEN_REFUSED);
    let name: unknown;
    try {
      name = decodeURIComponent(match[1]);
    } catch {
      name = match[1];
    }
    this.names.transform(name);
    checkUploadContentType(req.headers);
    return name as string;
  }
}
