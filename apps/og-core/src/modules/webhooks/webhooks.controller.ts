import { Controller, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { OG_HEADERS } from '@og/contracts';
import { Public } from '@og/nest-common';
import { WebhookAck, WebhooksService } from './webhooks.service';

/** Signed webhooks from agents and repositories (HMAC-SHA256 over `${timestamp}.${rawBody}`). */
@ApiTags('webhooks')
@ApiHeader({ name: OG_HEADERS.timestamp, required: true, description: 'Unix seconds' })
@ApiHeader({ name: OG_HEADERS.signature, required: true, description: 'sha256=<hex HMAC>' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Agent events (`AgentEvent` in libs/contracts). */
  @Public()
  @Post('agent')
  @HttpCode(202)
  @ApiAcceptedResponse()
  @ApiUnauthorizedResponse()
  agent(@Req() req: RawBodyRequest<Request>): Promise<WebhookAck> {
    return this.webhooks.receive('agent', req.headers, req.rawBody);
  }

  /** Repository events (`RepositoryEvent` in libs/contracts). */
  @Public()
  @Post('repository')
  @HttpCode(202)
  @ApiAcceptedResponse()
  @ApiUnauthorizedResponse()
  repository(@Req() req: RawBodyRequest<Request>): Promise<WebhookAck> {
    return this.webhooks.receive('repository', req.headers, req.rawBody);
  }
}
