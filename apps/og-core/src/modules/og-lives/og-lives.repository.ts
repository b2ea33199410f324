import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, PageQuery, pageWindow, sortOrder } from '@core/common/pagination';
import { OgLiveEntity } from './og-live.entity';

@Injectable()
export class OgLivesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(OgLiveEntity);
  }

  findById(id: string): Promise<OgLiveEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async list(q: PageQuery): Promise<Page<OgLiveEntity>> {
    const [items, total] = await this.repo.findAndCount({
      order: sortOrder(q, ['directory', 'revision', 'createdAt'], 'directory'),
      ...pageWindow(q),
    });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  /** Saves; when it becomes the default, the previous default is cleared in the same transaction. */
  save(entity: Partial<OgLiveEntity>): Promise<OgLiveEntity> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(OgLiveEntity);
      if (entity.isDefault)
        await repo.createQueryBuilder().update().set({ isDefault: false }).where('"isDefault"').execute();
      return repo.save(repo.create(entity));
    });
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
