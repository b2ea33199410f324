import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';

/** Accepts `Authorization: <secret>` or `Authorization: Bearer <secret>` (OG_AGENT_SECRET); 401 otherwise. */
@Injectable()
export class AgentSecretGuard implements CanActivate {
  private readonly secret: Buffer;

  constructor(@Inject(AGENT_CONFIG) config: AgentConfig) {
    this.secret = Buffer.from(config.secret);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const given = Buffer.from(header.replace(/^Bearer\s+/i, '').trim());
    if (given.length === this.secret.length && timingSafeEqual(given, this.secret)) return true;
    throw new UnauthorizedException('missing or wrong Authorization header');
  }
}
