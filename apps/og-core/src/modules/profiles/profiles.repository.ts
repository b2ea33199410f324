import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, FindOptionsWhere, In, IsNull, Not, ObjectLiteral, Raw } from 'typeorm';
import type { SoftwarePackage } from '@og/contracts';
import { Page, PageQuery, pageWindow, sortOrder } from '@core/common/pagination';
import { SoftwareProfileQuery } from './profile.dto';
import { HardwareProfileEntity } from './hardware-profile.entity';
import { SoftwareProfileEntity } from './software-profile.entity';

/** What an inventory found on a partition. */
export interface SoftwareInventory {
  description: string;
  operatingSystem: string;
  packages: SoftwarePackage[];
}

/** Persistence of hardware and software profiles. */
@Injectable()
export class ProfilesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A page of hardware profiles; `within` limits them to those of clients in those units (the caller's scope). */
  listHardware(q: PageQuery, within?: string[]): Promise<Page<HardwareProfileEntity>> {
    const where: FindOptionsWhere<HardwareProfileEntity> = within
      ? {
          id: Raw(
            (id) => `${id} IN (SELECT "hardwareProfileId" FROM clients WHERE "organizationalUnitId" = ANY(:within))`,
            { within },
          ),
        }
      : {};
    return this.page(HardwareProfileEntity, q, where, sortOrder(q, ['description', 'createdAt'], 'createdAt'));
  }

  /** Units of the clients that use hardware profile `id`. */
  async unitsUsingHardware(id: string): Promise<string[]> {
    const rows: Array<{ unit: string }> = await this.db.query(
      `SELECT DISTINCT "organizationalUnitId" AS unit FROM clients WHERE "hardwareProfileId" = $1`,
      [id],
    );
    return rows.map((r) => r.unit);
  }

  /** Deletes hardware profile `id` unless a client still uses it. */
  async removeHardwareIfUnused(id: string): Promise<void> {
    await this.db.query(
      `DELETE FROM hardware_profiles h WHERE h.id = $1 AND NOT EXISTS (SELECT 1 FROM clients c WHERE c."hardwareProfileId" = h.id)`,
      [id],
    );
  }

  /**
   * A page of software profiles, filtered by client, disk and partition when given; by disk and partition for one
   * client, else by creation, unless `sort` says otherwise. `within` limits client profiles to clients of those units
   * (the caller's scope); image profiles are always listed.
   */
  listSoftware(q: SoftwareProfileQuery, within?: string[]): Promise<Page<SoftwareProfileEntity>> {
    const where: FindOptionsWhere<SoftwareProfileEntity> = {};
    if (q.clientId) where.clientId = q.clientId;
    if (q.disk !== undefined) where.disk = q.disk;
    if (q.partition !== undefined) where.partition = q.partition;
    const order =
      q.clientId && !q.sort
        ? { disk: 'ASC' as const, partition: 'ASC' as const }
        : sortOrder(q, ['description', 'operatingSystem', 'createdAt', 'updatedAt', 'disk', 'partition'], 'createdAt');
    const scoped = within
      ? [
          { ...where, clientId: where.clientId ?? IsNull() },
          { ...where, client: { organizationalUnitId: In(within) } },
        ]
      : where;
    return this.page(SoftwareProfileEntity, q, scoped, order);
  }

  findById<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string): Promise<T | null> {
    return this.db.getRepository(entity).findOneBy({ id } as never);
  }

  saveHardware(description: string, components: HardwareProfileEntity['components']): Promise<HardwareProfileEntity> {
    const repo = this.db.getRepository(HardwareProfileEntity);
    return repo.save(repo.create({ description, components }));
  }

  /** Replaces the profile of one client partition (creating it the first time). */
  async saveForPartition(
    slot: { clientId: string; disk: number; partition: number },
    inventory: SoftwareInventory,
  ): Promise<SoftwareProfileEntity> {
    const repo = this.db.getRepository(SoftwareProfileEntity);
    const existing = await repo.findOneBy(slot);
    return repo.save(existing ? repo.merge(existing, inventory) : repo.create({ ...slot, ...inventory }));
  }

  /** Deletes the profile of one client partition, if any. */
  async removeForPartition(slot: { clientId: string; disk: number; partition: number }): Promise<void> {
    await this.db.getRepository(SoftwareProfileEntity).delete(slot);
  }

  /** Deletes the profiles of a client's partitions on `disk`, except those numbered in `keep`. */
  async removeForDisk(clientId: string, disk: number, keep: number[]): Promise<void> {
    await this.db
      .getRepository(SoftwareProfileEntity)
      .delete({ clientId, disk, ...(keep.length ? { partition: Not(In(keep)) } : {}) });
  }

  /** Replaces profile `id` when given and still an image profile, else creates a new image profile. */
  async saveForImage(id: string | null, inventory: SoftwareInventory): Promise<SoftwareProfileEntity> {
    const repo = this.db.getRepository(SoftwareProfileEntity);
    const existing = id ? await repo.findOneBy({ id, clientId: IsNull() }) : null;
    return repo.save(existing ? repo.merge(existing, inventory) : repo.create(inventory));
  }

  private async page<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    q: PageQuery,
    where: FindOptionsWhere<T> | FindOptionsWhere<T>[],
    order: Record<string, 'ASC' | 'DESC'>,
  ): Promise<Page<T>> {
    const [items, total] = await this.db
      .getRepository(entity)
      .findAndCount({ where, order: order as never, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }
}
