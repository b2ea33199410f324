import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page, PageQuery, pageWindow, sortOrder } from '@core/common/pagination';
import { SubnetEntity } from './subnet.entity';

@Injectable()
export class SubnetsRepository {
  constructor(@InjectRepository(SubnetEntity) private readonly repo: Repository<SubnetEntity>) {}

  findById(id: string): Promise<SubnetEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async list(q: PageQuery): Promise<Page<SubnetEntity>> {
    const [items, total] = await this.repo.findAndCount({
      order: sortOrder(q, ['name', 'address', 'createdAt'], 'address'),
      ...pageWindow(q),
    });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  save(subnet: Partial<SubnetEntity>): Promise<SubnetEntity> {
    return this.repo.save(this.repo.create(subnet));
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
