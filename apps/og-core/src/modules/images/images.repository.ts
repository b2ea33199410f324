import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, ILike, Repository } from 'typeorm';
import { Page, pageWindow, sortOrder } from '@core/common/pagination';
import { ImageQuery } from './image.dto';
import { ImageEntity } from './image.entity';

@Injectable()
export class ImagesRepository {
  constructor(@InjectRepository(ImageEntity) private readonly repo: Repository<ImageEntity>) {}

  findById(id: string): Promise<ImageEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByName(name: string): Promise<ImageEntity | null> {
    return this.repo.findOneBy({ name });
  }

  async list(q: ImageQuery): Promise<Page<ImageEntity>> {
    const where: FindOptionsWhere<ImageEntity> = {};
    if (q.status) where.status = q.status;
    if (q.repositoryId) where.repositoryId = q.repositoryId;
    if (q.name) where.name = ILike(`%${q.name}%`);
    const order = sortOrder(q, ['name', 'status', 'createdAt', 'lastDeployedAt', 'sizeBytes'], 'name');
    const [items, total] = await this.repo.findAndCount({ where, order, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  save(image: Partial<ImageEntity>): Promise<ImageEntity> {
    return this.repo.save(this.repo.create(image));
  }

  async update(id: string, patch: Partial<ImageEntity>): Promise<void> {
    await this.repo.update({ id }, patch);
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
