import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@og/nest-common';
import type { AuthUser } from '@core/common/current-user.decorator';
import { hasRole, MIN_ROLE, Role } from './roles';

/** Global guard after authentication: checks the caller's role against the handler's {@link MinRole}. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ method: string; user: AuthUser }>();
    const needed =
      this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets) ??
      (req.method === 'GET' ? 'viewer' : undefined);
    if (!needed) throw new ForbiddenException('this operation has no role assigned');
    if (!hasRole(req.user.roles, needed)) throw new ForbiddenException(`requires role ${needed}`);
    return true;
  }
}
