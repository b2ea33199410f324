import { Injectable } from '@nestjs/common';
import { ConflictDomainException, DomainException, NotFoundDomainException } from '@og/nest-common';
import { Page } from '@core/common/pagination';
import { defaultMulticastAddress } from '@core/common/network.validators';
import {
  CreateOrganizationalUnitDto,
  OrganizationalUnitQuery,
  UpdateOrganizationalUnitDto,
} from './organizational-unit.dto';
import { OrganizationalUnitEntity } from './organizational-unit.entity';
import { OrganizationalUnitsRepository } from './organizational-units.repository';

/** Rules of the organizational tree: parents exist, no cycles, no orphaning deletes. */
@Injectable()
export class OrganizationalUnitsService {
  constructor(private readonly units: OrganizationalUnitsRepository) {}

  list(q: OrganizationalUnitQuery): Promise<Page<OrganizationalUnitEntity>> {
    return this.units.list(q);
  }

  /** @throws NotFoundDomainException OU_NOT_FOUND. */
  async get(id: string): Promise<OrganizationalUnitEntity> {
    const unit = await this.units.findById(id);
    if (!unit) throw new NotFoundDomainException('OU_NOT_FOUND', `organizational unit ${id} not found`);
    return unit;
  }

  async create(dto: CreateOrganizationalUnitDto): Promise<OrganizationalUnitEntity> {
    if (dto.parentId) await this.getParent(dto.parentId);
    return this.units.save({
      ...dto,
      multicastAddress: dto.multicastAddress ?? defaultMulticastAddress(dto.router ?? null),
    });
  }

  /** Updates fields; a new `parentId` moves the unit (refused when it would create a cycle). */
  async update(id: string, dto: UpdateOrganizationalUnitDto): Promise<OrganizationalUnitEntity> {
    const unit = await this.get(id);
    if (dto.parentId !== undefined && dto.parentId !== unit.parentId) {
      if (dto.parentId === id || (dto.parentId && (await this.units.ancestorIds(dto.parentId)).includes(id)))
        throw new DomainException('OU_CYCLE', 'parentId would make the unit its own ancestor');
      if (dto.parentId) await this.getParent(dto.parentId);
    }
    return this.units.save({ ...unit, ...dto });
  }

  /** @throws ConflictDomainException OU_NOT_EMPTY when the unit has child units or clients. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    if (await this.units.hasChildren(id))
      throw new ConflictDomainException('OU_NOT_EMPTY', 'organizational unit has children or clients');
    await this.units.remove(id);
  }

  private async getParent(parentId: string): Promise<OrganizationalUnitEntity> {
    const parent = await this.units.findById(parentId);
    if (!parent) throw new NotFoundDomainException('OU_PARENT_NOT_FOUND', `parentId ${parentId} not found`);
    return parent;
  }
}
