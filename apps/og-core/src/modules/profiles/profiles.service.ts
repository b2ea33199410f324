import { Injectable } from '@nestjs/common';
import { NotFoundDomainException } from '@og/nest-common';
import type { JobResult } from '@og/contracts';
import type { AuthUser } from '@core/common/current-user.decorator';
import { Page, PageQuery } from '@core/common/pagination';
import { ClientsService } from '@core/modules/clients/clients.service';
import { HardwareProfileEntity } from './hardware-profile.entity';
import { SoftwareProfileQuery } from './profile.dto';
import { ProfilesRepository, SoftwareInventory } from './profiles.repository';
import { SoftwareProfileEntity } from './software-profile.entity';

/** Inventory profiles: what the agents' inventories found, attached to clients, their partitions and images. */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly clients: ClientsService,
  ) {}

  listHardware(q: PageQuery): Promise<Page<HardwareProfileEntity>> {
    return this.profiles.listHardware(q);
  }

  /** @throws NotFoundDomainException HARDWARE_PROFILE_NOT_FOUND. */
  getHardware(id: string): Promise<HardwareProfileEntity> {
    return this.one(this.profiles.findById(HardwareProfileEntity, id), id, 'HARDWARE_PROFILE_NOT_FOUND');
  }

  /**
   * A page of software profiles. With `clientId`, that client must exist and be within the caller's units.
   * @throws NotFoundDomainException CLIENT_NOT_FOUND; ForbiddenException for a client outside the caller's units.
   */
  async listSoftware(q: SoftwareProfileQuery, user: AuthUser): Promise<Page<SoftwareProfileEntity>> {
    if (q.clientId) await this.clients.get(q.clientId, user);
    return this.profiles.listSoftware(q);
  }

  /** @throws NotFoundDomainException SOFTWARE_PROFILE_NOT_FOUND. */
  getSoftware(id: string): Promise<SoftwareProfileEntity> {
    return this.one(this.profiles.findById(SoftwareProfileEntity, id), id, 'SOFTWARE_PROFILE_NOT_FOUND');
  }

  /** Stores a hardware inventory as a new profile (`components` as the agent reported them). */
  saveHardware(
    description: string,
    components: Array<{ component: string; value: string }>,
  ): Promise<HardwareProfileEntity> {
    return this.profiles.saveHardware(description, components);
  }

  /**
   * Records the software inventory of partition `disk`/`partition` of a client (`InventarioSoftware` result),
   * replacing that partition's previous one.
   */
  saveForPartition(
    client: { id: string; name: string },
    disk: number,
    partition: number,
    result: Pick<JobResult, 'operatingSystem' | 'software'>,
  ): Promise<SoftwareProfileEntity> {
    return this.profiles.saveForPartition(
      { clientId: client.id, disk, partition },
      inventory(`${client.name} disk ${disk} partition ${partition}`, result),
    );
  }

  /**
   * Records the software inventory of an image's source (a `CrearImagen` result), replacing the image's previous
   * profile (`softwareProfileId`) when it has one.
   */
  saveForImage(
    image: { name: string; softwareProfileId: string | null },
    result: Pick<JobResult, 'operatingSystem' | 'software'>,
  ): Promise<SoftwareProfileEntity> {
    return this.profiles.saveForImage(image.softwareProfileId, inventory(`image ${image.name}`, result));
  }

  /** Gives partition `disk`/`partition` of a client a copy of image profile `profileId` (after a restore). */
  async copyToPartition(
    profileId: string,
    client: { id: string; name: string },
    disk: number,
    partition: number,
  ): Promise<void> {
    const source = await this.profiles.findById(SoftwareProfileEntity, profileId);
    if (!source) return;
    await this.saveForPartition(client, disk, partition, {
      operatingSystem: source.operatingSystem,
      software: source.packages,
    });
  }

  private async one<T>(found: Promise<T | null>, id: string, code: string): Promise<T> {
    const profile = await found;
    if (!profile) throw new NotFoundDomainException(code, `profile ${id} not found`);
    return profile;
  }
}

/** A profile's contents from a job result; the description carries the OS when one was found. */
function inventory(subject: string, result: Pick<JobResult, 'operatingSystem' | 'software'>): SoftwareInventory {
  const operatingSystem = (result.operatingSystem ?? '').slice(0, 255);
  return {
    description: (operatingSystem ? `${subject} (${operatingSystem})` : subject).slice(0, 255),
    operatingSystem,
    packages: result.software ?? [],
  };
}
