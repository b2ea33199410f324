import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page, PageQuery, pageWindow, sortOrder } from '@core/common/pagination';
import { ImageRepositoryEntity } from './image-repository.entity';

@Injectable()
export class ImageRepositoriesRepository {
  constructor(@InjectRepository(ImageRepositoryEntity) private readonly repo: Repository<ImageRepositoryEntity>) {}

  findById(id: string): Promise<ImageRepositoryEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByName(name: string): Promise<ImageRepositoryEntity | null> {
    return this.repo.findOneBy({ name });
  }

  async list(q: PageQuery): Promise<Page<ImageRepositoryEntity>> {
    const [items, total] = await this.repo.findAndCount({
      order: sortOrder(q, ['name', 'address', 'createdAt'], 'name'),
      ...pageWindow(q),
    });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  /** Saves and reads back without the token. */
  async save(entity: Partial<ImageRepositoryEntity>): Promise<ImageRepositoryEntity> {
    const saved = await this.repo.save(this.repo.create(entity));
    return (await this.findById(saved.id))!;
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
