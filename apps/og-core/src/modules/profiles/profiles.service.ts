import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { NotFoundDomainException } from '@og/nest-common';
import { Page, PageQuery, pageWindow, sortOrder } from '@core/common/pagination';
import { HardwareProfileEntity } from './hardware-profile.entity';
import { SoftwareProfileEntity } from './software-profile.entity';

/** Read access to inventory profiles. */
@Injectable()
export class ProfilesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listHardware(q: PageQuery): Promise<Page<HardwareProfileEntity>> {
    return this.page(HardwareProfileEntity, q);
  }

  getHardware(id: string): Promise<HardwareProfileEntity> {
    return this.one(HardwareProfileEntity, id, 'HARDWARE_PROFILE_NOT_FOUND');
  }

  listSoftware(q: PageQuery): Promise<Page<SoftwareProfileEntity>> {
    return this.page(SoftwareProfileEntity, q);
  }

  getSoftware(id: string): Promise<SoftwareProfileEntity> {
    return this.one(SoftwareProfileEntity, id, 'SOFTWARE_PROFILE_NOT_FOUND');
  }

  /** Stores a hardware inventory as a new profile (`components` as the agent reported them). */
  saveHardware(
    description: string,
    components: Array<{ component: string; value: string }>,
  ): Promise<HardwareProfileEntity> {
    const repo = this.db.getRepository(HardwareProfileEntity);
    return repo.save(repo.create({ description, components }));
  }

  private async page<T extends ObjectLiteral>(entity: EntityTarget<T>, q: PageQuery): Promise<Page<T>> {
    const [items, total] = await this.db
      .getRepository(entity)
      .findAndCount({ order: sortOrder(q, ['description', 'createdAt'], 'createdAt') as never, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  private async one<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string, code: string): Promise<T> {
    const found = await this.db.getRepository(entity).findOneBy({ id } as never);
    if (!found) throw new NotFoundDomainException(code, `profile ${id} not found`);
    return found;
  }
}
