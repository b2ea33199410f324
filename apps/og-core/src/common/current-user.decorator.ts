import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated caller: from an access token's claims or from an API token's owner. */
export interface AuthUser {
  /** User id. */
  sub: string;
  username: string;
  roles: string[];
  /** Organizational units the user is scoped to (and everything under them); ignored for super-admin. */
  units: string[];
}

/** Injects the authenticated {@link AuthUser}. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);
