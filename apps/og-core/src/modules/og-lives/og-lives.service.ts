import { Injectable } from '@nestjs/common';
import { NotFoundDomainException } from '@og/nest-common';
import { Page } from '@core/common/pagination';
import { CreateOgLiveDto, OgLiveQuery, UpdateOgLiveDto } from './og-live.dto';
import { OgLiveEntity } from './og-live.entity';
import { OgLivesRepository } from './og-lives.repository';

/** ogLives: exactly one default at most; the first one registered becomes the default. */
@Injectable()
export class OgLivesService {
  constructor(private readonly ogLives: OgLivesRepository) {}

  list(q: OgLiveQuery): Promise<Page<OgLiveEntity>> {
    return this.ogLives.list(q);
  }

  async get(id: string): Promise<OgLiveEntity> {
    const found = await this.ogLives.findById(id);
    if (!found) throw new NotFoundDomainException('OGLIVE_NOT_FOUND', `ogLive ${id} not found`);
    return found;
  }

  async create(dto: CreateOgLiveDto): Promise<OgLiveEntity> {
    const first = (await this.ogLives.list({ page: 1, itemsPerPage: 1 })).total === 0;
    return this.ogLives.save({ ...dto, isDefault: dto.isDefault || first });
  }

  async update(id: string, dto: UpdateOgLiveDto): Promise<OgLiveEntity> {
    const current = await this.get(id);
    return this.ogLives.save({
      ...current,
      ...dto,
      isDefault: dto.isDefault === false ? current.isDefault : (dto.isDefault ?? current.isDefault),
    });
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.ogLives.remove(id);
  }
}
