import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@core/common/current-user.decorator';
import { preparedRead } from '@core/modules/clients/prepared-read';
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

  /**
   * The caller's scope; the subtree is expanded with one recursive query. With `narrowTo` (a list filtered by one
   * unit), only that unit, when it is in the scope: checked by walking up from it, cheaper than expanding the subtree.
   */
  async scopeOf(user: AuthUser, narrowTo?: string): Promise<Scope> {
    if (hasRole(user.roles, 'super-admin')) return { all: true };
    if (!user.units.length) return { all: false, unitIds: [] };
    if (narrowTo) return { all: false, unitIds: (await this.inScope(user, narrowTo)) ? [narrowTo] : [] };
    const rows = await preparedRead<{ id: string }>(
      this.db,
      `WITH RECURSIVE down AS (SELECT id FROM organizational_units WHERE id = ANY($1::uuid[])
         UNION SELECT o.id FROM organizational_units o JOIN down ON o."parentId" = down.id)
       SELECT id FROM down`,
      [user.units],
    );
    return { all: false, unitIds: rows.map((r) => r.id) };
  }

  /**
   * True when `unitId` (null = the root, outside every scope) is one of the caller's units or under one; walks up
   * from `unitId` (a few rows) instead of expanding the caller's subtree.
   */
  async inScope(user: AuthUser, unitId: string | null): Promise<boolean> {
    if (hasRole(user.roles, 'super-admin')) return true;
    if (!unitId || !user.units.length) return false;
    const [row] = await preparedRead<{ inside: boolean }>(
      this.db,
      `WITH RECURSIVE up AS (SELECT id, "parentId" FROM organizational_units WHERE id = $1
         UNION SELECT o.id, o."parentId" FROM organizational_units o JOIN up ON o.id = up."parentId")
       SELECT EXISTS (SELECT 1 FROM up WHERE id = ANY($2::uuid[])) AS inside`,
      [unitId, user.units],
    );
    return row.inside;
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
