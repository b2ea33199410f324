import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, ILike, IsNull, Repository } from 'typeorm';
import { Page, pageWindow } from '@core/common/pagination';
import { ClientEntity } from '@core/modules/clients/client.entity';
import { OrganizationalUnitQuery } from './organizational-unit.dto';
import { OrganizationalUnitEntity } from './organizational-unit.entity';

/** Persistence of the organizational tree. */
@Injectable()
export class OrganizationalUnitsRepository {
  constructor(
    @InjectRepository(OrganizationalUnitEntity) private readonly repo: Repository<OrganizationalUnitEntity>,
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
  ) {}

  findById(id: string): Promise<OrganizationalUnitEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async list(q: OrganizationalUnitQuery): Promise<Page<OrganizationalUnitEntity>> {
    const where: FindOptionsWhere<OrganizationalUnitEntity> = {};
    if (q.parentId) where.parentId = q.parentId;
    if (q.type) where.type = q.type;
    if (q.name) where.name = ILike(`%${q.name}%`);
    const [items, total] = await this.repo.findAndCount({ where, order: { name: 'ASC' }, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  save(unit: Partial<OrganizationalUnitEntity>): Promise<OrganizationalUnitEntity> {
    return this.repo.save(this.repo.create(unit));
  }

  /** Ids of `id`'s ancestors, nearest first. */
  async ancestorIds(id: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.repo.query(
      `WITH RECURSIVE up AS (SELECT id, "parentId" FROM organizational_units WHERE id = $1
         UNION ALL SELECT o.id, o."parentId" FROM organizational_units o JOIN up ON o.id = up."parentId")
       SELECT id FROM up WHERE id <> $1`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  async hasChildren(id: string): Promise<boolean> {
    return (
      (await this.repo.countBy({ parentId: id })) > 0 || (await this.clients.countBy({ organizationalUnitId: id })) > 0
    );
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  roots(): Promise<OrganizationalUnitEntity[]> {
    return this.repo.findBy({ parentId: IsNull() });
  }
}
