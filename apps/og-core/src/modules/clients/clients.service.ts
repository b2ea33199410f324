import { Injectable } from '@nestjs/common';
import { DomainException, NotFoundDomainException } from '@og/nest-common';
import type { DiskLayout } from '@og/contracts';
import type { AuthUser } from '@core/common/current-user.decorator';
import { Page } from '@core/common/pagination';
import { VersionedCache } from '@core/common/versioned-cache';
import { AccessScopeService } from '@core/modules/access/access-scope.service';
import { ImageRepositoriesService } from '@core/modules/image-repositories/image-repositories.service';
import { OgLivesService } from '@core/modules/og-lives/og-lives.service';
import { OrganizationalUnitsService } from '@core/modules/organizational-units/organizational-units.service';
import { SubnetsService } from '@core/modules/subnets/subnets.service';
import { parseClientImport } from './client-import.parser';
import { ClientJson, JsonText } from './client-json.sql';
import { ClientQuery, CreateClientDto, ImportClientsDto, UpdateClientDto } from './client.dto';
import { ClientEntity, ClientStatus } from './client.entity';
import { ClientsRepository } from './clients.repository';

/** Clients: inventory rules, the caller's scope, and what agents report about them. */
@Injectable()
export class ClientsService {
  /** Client-list JSON per classroom query, valid while that classroom's `client_list_versions` row is unchanged. */
  private readonly classroomPages = new VersionedCache(500);

  constructor(
    private readonly clients: ClientsRepository,
    private readonly units: OrganizationalUnitsService,
    private readonly subnets: SubnetsService,
    private readonly repositories: ImageRepositoriesService,
    private readonly ogLives: OgLivesService,
    private readonly access: AccessScopeService,
  ) {}

  /** A page of the clients in the caller's units, as the API answers it (JSON text). @throws DomainException BAD_SORT. */
  async list(q: ClientQuery, user: AuthUser): Promise<JsonText<Page<ClientJson>>> {
    const scope = await this.access.scopeOf(user, q.organizationalUnitId);
    const within = scope.all ? undefined : scope.unitIds;
    // A classroom's page (what consoles poll) is rebuilt only when one of its clients changed.
    if (!q.organizationalUnitId) return this.clients.list(q, within);
    const version = await this.clients.listVersion(q.organizationalUnitId);
    return this.classroomPages.get(JSON.stringify([q, within ?? null]), version, () => this.clients.list(q, within));
  }

  /**
   * A client with its partitions, as the API answers it (JSON text of `GET /clients/{id}`).
   * @throws NotFoundDomainException CLIENT_NOT_FOUND; ForbiddenException outside the caller's units.
   */
  async view(id: string, user: AuthUser): Promise<JsonText<ClientJson>> {
    const client = await this.clients.findJsonById(id);
    if (!client) throw new NotFoundDomainException('CLIENT_NOT_FOUND', `client ${id} not found`);
    await this.access.assertUnit(user, client.organizationalUnitId);
    return client.json;
  }

  /** @throws NotFoundDomainException CLIENT_NOT_FOUND; ForbiddenException outside the caller's units. */
  async get(id: string, user?: AuthUser): Promise<ClientEntity> {
    const client = await this.clients.findById(id);
    if (!client) throw new NotFoundDomainException('CLIENT_NOT_FOUND', `client ${id} not found`);
    if (user) await this.access.assertUnit(user, client.organizationalUnitId);
    return client;
  }

  /**
   * Clients with partitions and repository, in the order of `ids`.
   * @throws NotFoundDomainException naming the first unknown id; ForbiddenException outside the caller's units.
   */
  async getMany(ids: string[], user?: AuthUser): Promise<ClientEntity[]> {
    const found = new Map((await this.clients.findManyByIds(ids)).map((c) => [c.id, c]));
    const clients = ids.map((id) => {
      const client = found.get(id);
      if (!client) throw new NotFoundDomainException('CLIENT_NOT_FOUND', `client ${id} not found`);
      return client;
    });
    if (user) await this.access.assertUnits(user, [...new Set(clients.map((c) => c.organizationalUnitId))]);
    return clients;
  }

  async create(dto: CreateClientDto, user: AuthUser): Promise<ClientEntity> {
    await this.checkReferences(dto, user);
    return this.clients.save(dto);
  }

  /** Updates a client; a new `organizationalUnitId` moves it (both units must be the caller's). */
  async update(id: string, dto: UpdateClientDto, user: AuthUser): Promise<ClientEntity> {
    const client = await this.get(id, user);
    await this.checkReferences(dto, user);
    const { partitions: _ignored, ...rest } = client;
    return this.clients.save({ ...rest, ...dto });
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    await this.get(id, user);
    await this.clients.remove(id);
  }

  /**
   * Imports a classroom's clients, all or nothing.
   * @throws DomainException IMPORT_INVALID (400) with `details.errors`: every refused row, field and reason.
   */
  async import(dto: ImportClientsDto, user: AuthUser): Promise<{ created: number; clients: ClientEntity[] }> {
    await this.checkReferences(dto, user);
    const { rows, errors } = parseClientImport(dto);
    if (rows.length && !errors.length) {
      const clashes = await this.clients.findClashes(
        rows.map((r) => r.mac),
        rows.map((r) => r.ip),
      );
      rows.forEach((r, i) => {
        for (const c of clashes) {
          if (c.mac === r.mac)
            errors.push({ row: i + 1, field: 'mac', message: `mac ${r.mac} already belongs to client ${c.name}` });
          if (c.ip === r.ip)
            errors.push({ row: i + 1, field: 'ip', message: `ip ${r.ip} already belongs to client ${c.name}` });
        }
      });
    }
    if (errors.length)
      throw new DomainException('IMPORT_INVALID', `${errors.length} problem(s); nothing was imported`, 400, { errors });
    const { organizationalUnitId, subnetId, repositoryId } = dto;
    const clients = await this.clients.insertAll(
      rows.map((r) => ({ ...r, organizationalUnitId, subnetId, repositoryId })),
    );
    return { created: clients.length, clients };
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

  setHardwareProfile(id: string, hardwareProfileId: string): Promise<void> {
    return this.clients.setHardwareProfile(id, hardwareProfileId);
  }

  markRestored(id: string, disk: number, partition: number, imageId: string): Promise<void> {
    return this.clients.markRestored(id, disk, partition, imageId);
  }

  private async checkReferences(dto: UpdateClientDto, user: AuthUser): Promise<void> {
    if (dto.organizationalUnitId) await this.units.get(dto.organizationalUnitId, user);
    if (dto.subnetId) await this.subnets.get(dto.subnetId);
    if (dto.repositoryId) await this.repositories.get(dto.repositoryId);
    if (dto.ogLiveId) await this.ogLives.get(dto.ogLiveId);
  }
}
