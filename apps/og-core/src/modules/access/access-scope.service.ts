import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@core/common/current-user.decorator';
import { hasRole } from './roles';

/** What a caller may see: everything, or the listed organizational units (their subtrees, expanded). */
export type Scope = { all: true } | { all: false; unitIds: string[] };

/**
 * Scoping of ou-admins, operators and viewers to their organizational units and everything under them.
 * super-admin is unscoped. Requests outside the scope are 403; lists are filtered to the scope.
 */
@Injectable()
export class AccessScopeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's scope; the subtree is expanded with one recursive query. */
  async scopeOf(user: AuthUser): Promise<Scope> {
    if (hasRole(user.roles, 'super-admin')) return { all: true };
    if (!user.units.length) return { all: false, unitIds: [] };
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH RECURSIVE down AS (SELECT id FROM organizational_units WHERE id = ANY($1::uuid[])
         UNION SELECT o.id FROM organizational_units o JOIN down ON o."parentId" = down.id)
       SELECT id FROM down`,
      [user.units],
    );
    return { all: false, unitIds: rows.map((r) => r.id) };
  }

  /** True when `unitId` (null = the root, outside every scope) is in the caller's scope. */
  async inScope(user: AuthUser, unitId: string | null): Promise<boolean> {
    const scope = await this.scopeOf(user);
    return scope.all || (!!unitId && scope.unitIds.includes(unitId));
  }

  /** @throws ForbiddenException when `unitId` (null = the root, outside every scope) is not in the caller's scope. */
  async assertUnit(user: AuthUser, unitId: string | null): Promise<void> {
    if (!(await this.inScope(user, unitId)))
      throw new ForbiddenException(`organizational unit ${unitId ?? '(root)'} is outside your units`);
  }

  /** @throws ForbiddenException naming the first unit outside the caller's scope. */
  async assertUnits(user: AuthUser, unitIds: string[]): Promise<void> {
    const scope = await this.scopeOf(user);
    if (scope.all) return;
    const outside = unitIds.find((id) => !scope.unitIds.includes(id));
    if (outside) throw new ForbiddenException(`organizational unit ${outside} is outside your units`);
  }
}
