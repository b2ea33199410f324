import { Injectable } from '@nestjs/common';
import { NotFoundDomainException } from '@og/nest-common';
import type { DiskLayout } from '@og/contracts';
import { Page } from '@core/common/pagination';
import { ImageRepositoriesService } from '@core/modules/image-repositories/image-repositories.service';
import { OrganizationalUnitsService } from '@core/modules/organizational-units/organizational-units.service';
import { SubnetsService } from '@core/modules/subnets/subnets.service';
import { ClientQuery, CreateClientDto, UpdateClientDto } from './client.dto';
import { ClientEntity, ClientStatus } from './client.entity';
import { ClientsRepository } from './clients.repository';

/** Clients: inventory rules and what agents report about them. */
@Injectable()
export class ClientsService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly units: OrganizationalUnitsService,
    private readonly subnets: SubnetsService,
    private readonly repositories: ImageRepositoriesService,
  ) {}

  list(q: ClientQuery): Promise<Page<ClientEntity>> {
    return this.clients.list(q);
  }

  /** @throws NotFoundDomainException CLIENT_NOT_FOUND. */
  async get(id: string): Promise<ClientEntity> {
    const client = await this.clients.findById(id);
    if (!client) throw new NotFoundDomainException('CLIENT_NOT_FOUND', `client ${id} not found`);
    return client;
  }

  /** Clients with partitions and repository, in the order of `ids`. @throws NotFoundDomainException naming the first unknown id. */
  async getMany(ids: string[]): Promise<ClientEntity[]> {
    const found = new Map((await this.clients.findManyByIds(ids)).map((c) => [c.id, c]));
    return ids.map((id) => {
      const client = found.get(id);
      if (!client) throw new NotFoundDomainException('CLIENT_NOT_FOUND', `client ${id} not found`);
      return client;
    });
  }

  async create(dto: CreateClientDto): Promise<ClientEntity> {
    await this.checkReferences(dto);
    return this.clients.save(dto);
  }

  async update(id: string, dto: UpdateClientDto): Promise<ClientEntity> {
    const client = await this.get(id);
    await this.checkReferences(dto);
    const { partitions: _ignored, ...rest } = client;
    return this.clients.save({ ...rest, ...dto });
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.clients.remove(id);
  }

  findByMac(mac: string): Promise<ClientEntity | null> {
    return this.clients.findByMac(mac);
  }

  setStatus(id: string, status: ClientStatus): Promise<void> {
    return this.clients.setStatus(id, status);
  }

  replaceLayout(id: string, disks: DiskLayout[]): Promise<void> {
    return this.clients.replaceLayout(id, disks);
  }

  markRestored(id: string, disk: number, partition: number, imageId: string): Promise<void> {
    return this.clients.markRestored(id, disk, partition, imageId);
  }

  private async checkReferences(dto: UpdateClientDto): Promise<void> {
    if (dto.organizationalUnitId) await this.units.get(dto.organizationalUnitId);
    if (dto.subnetId) await this.subnets.get(dto.subnetId);
    if (dto.repositoryId) await this.repositories.get(dto.repositoryId);
  }
}
