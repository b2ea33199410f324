import { ForbiddenException, Injectable } from '@nestjs/common';
import { NotFoundDomainException } from '@og/nest-common';
import type { JobResult } from '@og/contracts';
import type { AuthUser } from '@core/common/current-user.decorator';
import { Page, PageQuery } from '@core/common/pagination';
import { AccessScopeService } from '@core/modules/access/access-scope.service';
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
    private readonly access: AccessScopeService,
  ) {}

  /** A page of hardware profiles: those of clients within the caller's units (all of them for a super-admin). */
  async listHardware(q: PageQuery, user: AuthUser): Promise<Page<HardwareProfileEntity>> {
    const scope = await this.access.scopeOf(user);
    return this.profiles.listHardware(q, scope.all ? undefined : scope.unitIds);
  }

  /**
   * @throws NotFoundDomainException HARDWARE_PROFILE_NOT_FOUND.
   * @throws ForbiddenException when no client within the caller's units uses it (it names their network cards).
   */
  async getHardware(id: string, user: AuthUser): Promise<HardwareProfileEntity> {
    const profile = await this.one(this.profiles.findById(HardwareProfileEntity, id), id, 'HARDWARE_PROFILE_NOT_FOUND');
    const scope = await this.access.scopeOf(user);
    if (scope.all) return profile;
    const units = await this.profiles.unitsUsingHardware(id);
    if (!units.some((unit) => scope.unitIds.includes(unit)))
      throw new ForbiddenException(`hardware profile ${id} belongs to no client within your organizational units`);
    return profile;
  }

  /**
   * Makes a hardware inventory (`components` as the agent reported them) the client's profile; the profile it
   * replaces is deleted when no other client uses it.
   */
  async replaceClientHardware(
    client: { id: string; hardwareProfileId: string | null },
    description: string,
    components: Array<{ component: string; value: string }>,
  ): Promise<HardwareProfileEntity> {
    const profile = await this.profiles.saveHardware(description, components);
    await this.clients.setHardwareProfile(client.id, profile.id);
    if (client.hardwareProfileId) await this.profiles.removeHardwareIfUnused(client.hardwareProfileId);
    return profile;
  }

  /**
   * A page of software profiles: image profiles and those of clients within the caller's units. With `clientId`,
   * that client must exist and be within the caller's units.
   * @throws NotFoundDomainException CLIENT_NOT_FOUND; ForbiddenException for a client outside the caller's units.
   */
  async listSoftware(q: SoftwareProfileQuery, user: AuthUser): Promise<Page<SoftwareProfileEntity>> {
    if (q.clientId) {
      await this.clients.get(q.clientId, user);
      return this.profiles.listSoftware(q);
    }
    const scope = await this.access.scopeOf(user);
    return this.profiles.listSoftware(q, scope.all ? undefined : scope.unitIds);
  }

  /**
   * @throws NotFoundDomainException SOFTWARE_PROFILE_NOT_FOUND.
   * @throws ForbiddenException for the profile of a client outside the caller's units.
   */
  async getSoftware(id: string, user: AuthUser): Promise<SoftwareProfileEntity> {
    const profile = await this.one(this.profiles.findById(SoftwareProfileEntity, id), id, 'SOFTWARE_PROFILE_NOT_FOUND');
    if (profile.clientId) await this.clients.get(profile.clientId, user);
    return profile;
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

  /**
   * After a restore: partition `disk`/`partition` of a client now holds the image's software, so it gets a copy of
   * image profile `profileId`, or loses its old profile when the image has none.
   */
  async restoredPartition(
    profileId: string | null,
    client: { id: string; name: string },
    disk: number,
    partition: number,
  ): Promise<void> {
    const source = profileId ? await this.profiles.findById(SoftwareProfileEntity, profileId) : null;
    if (source)
      await this.saveForPartition(client, disk, partition, {
        operatingSystem: source.operatingSystem,
        software: source.packages,
      });
    else await this.profiles.removeForPartition({ clientId: client.id, disk, partition });
  }

  /** After a repartition of `disk`: only the partitions kept unformatted (`kept`) still hold what was inventoried. */
  repartitioned(clientId: string, disk: number, kept: number[]): Promise<void> {
    return this.profiles.removeForDisk(clientId, disk, kept);
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
