import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';

/** Message of the 401 answered for a missing or wrong token. */
export const API_TOKEN_REFUSED = 'missing or wrong API token';

/** Extracts the token from `Authorization: Bearer <token>` or a raw `Authorization: <token>` (OpenGnsys style). */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return (m ? m[1] : header).trim() || null;
}

/** 401 unless the request carries `OG_REPOSITORY_TOKEN` (compared in constant time). */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(REPOSITORY_CONFIG) config: RepositoryConfig) {
    this.expected = createHash('sha256').update(config.token).digest();
  }

  /** Checks the `Authorization` header. @throws UnauthorizedException ({@link API_TOKEN_REFUSED}) when it is wrong. */
  canActivate(context: ExecutionContext): boolean {
    if (this.accepts(context.switchToHttp().getRequest<Request>().headers.authorization)) return true;
    throw new UnauthorizedException(API_TOKEN_REFUSED);
  }

  /** Whether an `Authorization` header value carries the token (also for requests Nest does not route: upgrades). */
  accepts(authorization: string | undefined): boolean {
    const token = tokenFromAuthorization(authorization);
    return !!token && timingSafeEqual(createHash('sha256').update(token).digest(), this.expected);
  }
}
