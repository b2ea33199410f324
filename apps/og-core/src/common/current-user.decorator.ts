import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Claims of the access token of the caller. */
export interface AuthUser {
  sub: string;
  username: string;
  roles: string[];
}

/** Injects the authenticated {@link AuthUser}. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);
