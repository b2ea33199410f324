import { ForbiddenException, Injectable } from '@nestjs/common';
import { ConflictDomainException, DomainException, NotFoundDomainException } from '@og/nest-common';
import type { AuthUser } from '@core/common/current-user.decorator';
import { defaultMulticastAddress } from '@core/common/network.validators';
import { Page } from '@core/common/pagination';
import { VersionedCache } from '@core/common/versioned-cache';
import { AccessScopeService } from '@core/modules/access/access-scope.service';
import type { JsonText } from '@core/modules/clients/client-json.sql';
import { hasRole } from '@core/modules/access/roles';
import {
  CreateOrganizationalUnitDto,
  OrganizationalUnitQuery,
  UpdateOrganizationalUnitDto,
} from './organizational-unit.dto';
import { OrganizationalUnitEntity } from './organizational-unit.entity';
import { OrganizationalUnitsRepository } from './organizational-units.repository';
import { writeUnitTree } from './unit-tree.writer';

/** A unit with its children, as `GET /organizational-units/tree` returns it (details via `GET /organizational-units/{id}`). */
export interface OrganizationalUnitNode extends Pick<OrganizationalUnitEntity, 'id' | 'name' | 'type' | 'parentId'> {
  children: OrganizationalUnitNode[];
}

/** Rules of the organizational tree: parents exist, no cycles, no orphaning deletes, callers stay in their units. */
@Injectable()
export class OrganizationalUnitsService {
  /** Tree JSON per scope (the whole tree, or a scoped user's units), valid while organizational_units_version is. */
  private readonly trees = new VersionedCache(256);

  constructor(
    private readonly units: OrganizationalUnitsRepository,
    private readonly access: AccessScopeService,
  ) {}

  async list(q: OrganizationalUnitQuery, user: AuthUser): Promise<Page<OrganizationalUnitEntity>> {
    const scope = await this.access.scopeOf(user);
    return this.units.list(q, scope.all ? undefined : scope.unitIds);
  }

  /** The caller's part of the tree as JSON text, roots first (a scoped user's roots are their own units). */
  async tree(user: AuthUser): Promise<JsonText<OrganizationalUnitNode[]>> {
    const scope = await this.access.scopeOf(user);
    const within = scope.all ? undefined : [...scope.unitIds].sort();
    const version = await this.units.treeVersion();
    return this.trees.get(within?.join(',') ?? '*', version, async () =>
      writeUnitTree(await this.units.outline(within)),
    );
  }

  /** @throws NotFoundDomainException OU_NOT_FOUND (not for callers outside the unit: 403 first). */
  async get(id: string, user?: AuthUser): Promise<OrganizationalUnitEntity> {
    const unit = await this.units.findById(id);
    if (!unit) throw new NotFoundDomainException('OU_NOT_FOUND', `organizational unit ${id} not found`);
    if (user) await this.access.assertUnit(user, id);
    return unit;
  }

  /** A top-level unit needs super-admin; any other needs its parent in the caller's units. */
  async create(dto: CreateOrganizationalUnitDto, user: AuthUser): Promise<OrganizationalUnitEntity> {
    if (dto.parentId) await this.getParent(dto.parentId, user);
    else if (!hasRole(user.roles, 'super-admin'))
      throw new ForbiddenException('only a super-admin creates top-level units');
    return this.units.save({
      ...dto,
      multicastAddress: dto.multicastAddress ?? defaultMulticastAddress(dto.router ?? null),
    });
  }

  /** Updates fields; a new `parentId` moves the unit (refused when it would create a cycle or leave the caller's units). */
  async update(id: string, dto: UpdateOrganizationalUnitDto, user: AuthUser): Promise<OrganizationalUnitEntity> {
    const unit = await this.get(id, user);
    if (dto.parentId !== undefined && dto.parentId !== unit.parentId) {
      if (dto.parentId === id || (dto.parentId && (await this.units.ancestorIds(dto.parentId)).includes(id)))
        throw new DomainException('OU_CYCLE', 'parentId would make the unit its own ancestor');
      if (dto.parentId) await this.getParent(dto.parentId, user);
      else if (!hasRole(user.roles, 'super-admin'))
        throw new ForbiddenException('only a super-admin makes a unit top-level');
    }
    return this.units.save({ ...unit, ...dto });
  }

  /**
   * Deletes a unit. With children or clients it is 409 unless `cascade`, which deletes the whole subtree.
   * Like creating one, it needs the parent in the caller's units: an ou-admin cannot delete the units it is assigned.
   * @throws ConflictDomainException OU_NOT_EMPTY; ForbiddenException outside the caller's units.
   */
  async remove(id: string, user: AuthUser, cascade = false): Promise<{ units: number; clients: number }> {
    const unit = await this.get(id, user);
    if (!(await this.access.inScope(user, unit.parentId)))
      throw new ForbiddenException(
        'deleting a unit needs its parent in your units (the units you are assigned are not)',
      );
    if (!cascade && (await this.units.hasChildren(id)))
      throw new ConflictDomainException(
        'OU_NOT_EMPTY',
        'organizational unit has child units or clients; delete with cascade=true to remove them too',
      );
    return this.units.removeSubtree(id);
  }

  private async getParent(parentId: string, user: AuthUser): Promise<OrganizationalUnitEntity> {
    const parent = await this.units.findById(parentId);
    if (!parent) throw new NotFoundDomainException('OU_PARENT_NOT_FOUND', `parentId ${parentId} not found`);
    await this.access.assertUnit(user, parentId);
    return parent;
  }
}
