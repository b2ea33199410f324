import { Injectable } from '@nestjs/common';
import { NotFoundDomainException } from '@og/nest-common';
import { Page } from '@core/common/pagination';
import { CreateImageRepositoryDto, ImageRepositoryQuery, UpdateImageRepositoryDto } from './image-repository.dto';
import { ImageRepositoryEntity } from './image-repository.entity';
import { ImageRepositoriesRepository } from './image-repositories.repository';

/** Image repositories og-core and agents talk to. */
@Injectable()
export class ImageRepositoriesService {
  constructor(private readonly repositories: ImageRepositoriesRepository) {}

  list(q: ImageRepositoryQuery): Promise<Page<ImageRepositoryEntity>> {
    return this.repositories.list(q);
  }

  async get(id: string): Promise<ImageRepositoryEntity> {
    const repository = await this.repositories.findById(id);
    if (!repository) throw new NotFoundDomainException('REPOSITORY_NOT_FOUND', `image repository ${id} not found`);
    return repository;
  }

  findByName(name: string): Promise<ImageRepositoryEntity | null> {
    return this.repositories.findByName(name);
  }

  create(dto: CreateImageRepositoryDto): Promise<ImageRepositoryEntity> {
    return this.repositories.save({ port: 8006, ...dto });
  }

  async update(id: string, dto: UpdateImageRepositoryDto): Promise<ImageRepositoryEntity> {
    await this.get(id);
    return this.repositories.save({ id, ...dto });
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.repositories.remove(id);
  }

  /** The `ipr` value agents get: `address:port`. */
  agentAddress(repository: ImageRepositoryEntity): string {
    return `${repository.address}:${repository.port}`;
  }
}
