import { SetMetadata } from '@nestjs/common';

/**
 * Roles, weakest first. `viewer` reads; `operator` also runs commands; `ou-admin` also edits the inventory
 * of its organizational units; `super-admin` does everything (users, repositories, subnets, ogLives).
 */
export const ROLES = ['viewer', 'operator', 'ou-admin', 'super-admin'] as const;
export type Role = (typeof ROLES)[number];

/** Metadata key of {@link MinRole}. */
export const MIN_ROLE = 'og:min-role';

/**
 * The weakest role allowed to call a handler. Without it, GET handlers need `viewer` and every other method
 * is refused (fail closed), so a new write route cannot be left open by mistake.
 */
export const MinRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(MIN_ROLE, role);

/** True when `roles` include `role` or a stronger one. */
export function hasRole(roles: readonly string[], role: Role): boolean {
  const needed = ROLES.indexOf(role);
  return roles.some((r) => ROLES.indexOf(r as Role) >= needed);
}
