import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConflictDomainException, DomainException } from '@og/nest-common';
import { AGENT_NFN } from '@og/contracts';
import type { AuthUser } from '@core/common/current-user.decorator';
import { ClientEntity } from '@core/modules/clients/client.entity';
import { ClientsService } from '@core/modules/clients/clients.service';
import { AgentClient } from '@core/modules/dispatch/agent.client';
import { DispatchQueue } from '@core/modules/dispatch/dispatch.queue';
import { ImageRepositoriesService } from '@core/modules/image-repositories/image-repositories.service';
import { ImagesService } from '@core/modules/images/images.service';
import { NewTrace, TracesService } from '@core/modules/traces/traces.service';
import { TraceCommand, TraceEntity } from '@core/modules/traces/trace.entity';
import {
  BootOsCommandDto,
  ClientsCommandDto,
  CreateImageCommandDto,
  DeleteCacheImageCommandDto,
  DeployImageCommandDto,
  HardwareInventoryCommandDto,
  PartitionCommandDto,
  RunScriptCommandDto,
  SoftwareInventoryCommandDto,
  UpdateCacheCommandDto,
} from './command.dto';
import { checkLayoutFits, findCache, findPartition } from './layout.rules';

/** Filesystems that hold no OS and no software: never captured, inventoried or booted. */
const NOT_AN_OS_PARTITION = ['CACHE', 'EMPTY', 'LINUX-SWAP', ''];

/**
 * Turns operator commands into traces and queued orders. Every target is validated before anything is
 * queued, so a command is either refused whole (4xx naming the problem and the client) or accepted whole.
 */
@Injectable()
export class CommandsService {
  constructor(
    private readonly clients: ClientsService,
    private readonly images: ImagesService,
    private readonly repositories: ImageRepositoriesService,
    private readonly traces: TracesService,
    private readonly dispatch: DispatchQueue,
    private readonly agents: AgentClient,
  ) {}

  /** `Configurar`: MSDOS table + formats on `disk` of every client. */
  async partition(dto: PartitionCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const clients = await this.targets(dto.clientIds, user);
    if (new Set(dto.partitions.map((p) => p.partition)).size !== dto.partitions.length)
      throw new DomainException('LAYOUT_DUPLICATE_PARTITION', 'partitions: each partition number may appear once');
    for (const p of dto.partitions) {
      if ((p.type === 'CACHE') !== (p.filesystem === 'CACHE'))
        throw new DomainException(
          'LAYOUT_CACHE',
          `partitions: partition ${p.partition}: type CACHE goes with filesystem CACHE`,
        );
      if (p.sizeBytes % 1048576 !== 0)
        throw new DomainException(
          'LAYOUT_SIZE',
          `partitions: partition ${p.partition}: sizeBytes must be a multiple of 1 MiB`,
        );
    }
    if (dto.tableType === 'MSDOS' && dto.partitions.some((p) => p.partition > 4))
      throw new DomainException(
        'LAYOUT_MSDOS_PRIMARY',
        'partitions: an MSDOS table takes partitions 1 to 4 (use tableType GPT for more)',
      );
    if (dto.partitions.filter((p) => p.type === 'CACHE').length > 1)
      throw new DomainException('LAYOUT_CACHE', 'partitions: at most one CACHE partition');
    for (const client of clients) checkLayoutFits(client, dto.disk, dto.partitions);
    const cfg = [...dto.partitions]
      .sort((a, b) => a.partition - b.partition)
      .map((p) => ({
        par: String(p.partition),
        cpt: p.type,
        sfi: p.filesystem,
        tam: String(p.sizeBytes / 1024),
        ope: p.format === false ? '0' : '1',
      }));
    const cacheBytes = dto.partitions.find((p) => p.type === 'CACHE')?.sizeBytes;
    return this.openPerClient(clients, 'partition', null, user, {
      nfn: AGENT_NFN.Configurar,
      ttp: dto.tableType,
      dsk: String(dto.disk),
      tch: String(cacheBytes ? cacheBytes / 1024 : 0),
      cfg,
    });
  }

  /** `CrearImagen`: capture a partition into the image's repository. */
  async createImage(dto: CreateImageCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const [client] = await this.targets([dto.clientId], user);
    const image = await this.images.get(dto.imageId);
    if (image.status === 'in-progress')
      throw new ConflictDomainException('IMAGE_BUSY', `image ${image.name} is already being captured`);
    const source = findPartition(client, dto.disk, dto.partition);
    if (NOT_AN_OS_PARTITION.includes(source.filesystem))
      throw new DomainException(
        'PARTITION_NOT_CLONABLE',
        `partition: partition ${dto.partition} on disk ${dto.disk} of ${client.name} has filesystem "${source.filesystem || 'none'}" and cannot be captured`,
      );
    const repository = await this.repositories.get(image.repositoryId);
    const traces = await this.openPerClient([client], 'create-image', image.id, user, {
      nfn: AGENT_NFN.CrearImagen,
      dsk: String(dto.disk),
      par: String(dto.partition),
      cpt: source.code,
      idi: image.id,
      nci: image.name,
      ipr: this.repositories.agentAddress(repository),
    });
    await this.images.markCapturing(image.id, {
      clientId: client.id,
      disk: dto.disk,
      partition: dto.partition,
      code: source.code,
    });
    return traces;
  }

  /**
   * The image `imageId` and its repository, when the image was captured successfully.
   * @param use what the command does with it (`deployed`, `cached`), for the error message.
   * @throws ConflictDomainException IMAGE_NOT_READY unless the image is `success`; NotFound for unknown ids.
   */
  private async readyImage(imageId: string, use: string) {
    const image = await this.images.get(imageId);
    if (image.status !== 'success')
      throw new ConflictDomainException(
        'IMAGE_NOT_READY',
        `image ${image.name} is "${image.status}"; only images captured successfully can be ${use}`,
      );
    return { image, repository: await this.repositories.get(image.repositoryId) };
  }

  /** `RestaurarImagen`: restore an image onto a partition of every client. */
  async deployImage(dto: DeployImageCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const { image, repository } = await this.readyImage(dto.imageId, 'deployed');
    const clients = await this.targets(dto.clientIds, user);
    for (const client of clients) this.checkDeployTarget(client, dto, image.dataSizeBytes ?? 0);
    const method = dto.method === 'unicast-direct' ? 'unicast-direct' : 'unicast';
    return this.openPerClient(clients, 'deploy-image', image.id, user, {
      dsk: String(dto.disk),
      par: String(dto.partition),
      cpt: image.sourceCode ?? '83',
      ifs: '0',
      idi: image.id,
      nci: image.name,
      ipr: this.repositories.agentAddress(repository),
      nfn: AGENT_NFN.RestaurarImagen,
      method,
    });
  }

  /** `InventarioHardware` on every client; each result becomes the client's hardware profile. */
  async hardwareInventory(dto: HardwareInventoryCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const clients = await this.targets(dto.clientIds, user);
    return this.openPerClient(clients, 'hardware-inventory', null, user, { nfn: AGENT_NFN.InventarioHardware });
  }

  /** `EjecutarScript` on every client. */
  async runScript(dto: RunScriptCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const clients = await this.targets(dto.clientIds, user);
    return this.openPerClient(clients, 'run-script', null, user, { nfn: AGENT_NFN.EjecutarScript, scp: dto.script });
  }

  /**
   * `InventarioSoftware` of `disk`/`partition` on every client; each result becomes that partition's software profile.
   * @throws DomainException PARTITION_UNKNOWN / PARTITION_NOT_INVENTORIABLE (CACHE, swap, empty) naming the client.
   */
  async softwareInventory(dto: SoftwareInventoryCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const clients = await this.targets(dto.clientIds, user);
    for (const client of clients) {
      const target = findPartition(client, dto.disk, dto.partition);
      if (NOT_AN_OS_PARTITION.includes(target.filesystem))
        throw new DomainException(
          'PARTITION_NOT_INVENTORIABLE',
          `partition: partition ${dto.partition} on disk ${dto.disk} of ${client.name} has filesystem "${target.filesystem || 'none'}" and holds no software`,
        );
    }
    return this.openPerClient(clients, 'software-inventory', null, user, {
      nfn: AGENT_NFN.InventarioSoftware,
      dsk: String(dto.disk),
      par: String(dto.partition),
    });
  }

  /**
   * `ActualizarCache`: bring an image into the CACHE of every client, from the image's repository.
   * @throws ConflictDomainException IMAGE_NOT_READY unless the image is `success`.
   * @throws DomainException NO_CACHE / CACHE_TOO_SMALL naming the client (as its agent last reported it).
   */
  async updateCache(dto: UpdateCacheCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const { image, repository } = await this.readyImage(dto.imageId, 'cached');
    const clients = await this.targets(dto.clientIds, user);
    for (const client of clients) {
      const cache = findCache(client);
      if (image.sizeBytes && cache.sizeBytes <= image.sizeBytes)
        throw new DomainException(
          'CACHE_TOO_SMALL',
          `clientIds: the CACHE of ${client.name} has ${cache.sizeBytes} bytes, image ${image.name} is ${image.sizeBytes} bytes`,
        );
    }
    return this.openPerClient(clients, 'update-cache', image.id, user, {
      nfn: AGENT_NFN.ActualizarCache,
      idi: image.id,
      nci: image.name,
      ipr: this.repositories.agentAddress(repository),
    });
  }

  /**
   * `EliminarImagenCache`: delete an image's files from the CACHE of every client (any image status).
   * @throws DomainException NO_CACHE naming the client.
   */
  async deleteCacheImage(dto: DeleteCacheImageCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const image = await this.images.get(dto.imageId);
    const clients = await this.targets(dto.clientIds, user);
    for (const client of clients) findCache(client);
    return this.openPerClient(clients, 'delete-cache-image', image.id, user, {
      nfn: AGENT_NFN.EliminarImagenCache,
      nci: image.name,
    });
  }

  /**
   * `IniciarSesion`: boot the OS installed on `disk`/`partition` of every client.
   * @throws DomainException PARTITION_UNKNOWN / PARTITION_NO_OS (no OS reported there) naming the client.
   */
  async bootOs(dto: BootOsCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    const clients = await this.targets(dto.clientIds, user);
    for (const client of clients) {
      const target = findPartition(client, dto.disk, dto.partition);
      if (NOT_AN_OS_PARTITION.includes(target.filesystem) || !target.os)
        throw new DomainException(
          'PARTITION_NO_OS',
          `partition: ${client.name} has no installed OS on partition ${dto.partition} of disk ${dto.disk} (as last reported by its agent)`,
        );
    }
    return this.openPerClient(clients, 'boot-os', null, user, {
      nfn: AGENT_NFN.IniciarSesion,
      dsk: String(dto.disk),
      par: String(dto.partition),
    });
  }

  /** `Apagar` on every client; the client is `off` once its agent reports success. */
  async powerOff(dto: ClientsCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    return this.openPerClient(await this.targets(dto.clientIds, user), 'power-off', null, user, {
      nfn: AGENT_NFN.Apagar,
    });
  }

  /** `Reiniciar` on every client; its status then follows the agent's own announcements (stopped, started). */
  async reboot(dto: ClientsCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    return this.openPerClient(await this.targets(dto.clientIds, user), 'reboot', null, user, {
      nfn: AGENT_NFN.Reiniciar,
    });
  }

  /** `Actualizar` on every client: its agent reads the disks again and the result replaces the client's partitions. */
  async refresh(dto: ClientsCommandDto, user: AuthUser): Promise<TraceEntity[]> {
    return this.openPerClient(await this.targets(dto.clientIds, user), 'refresh', null, user, {
      nfn: AGENT_NFN.Actualizar,
    });
  }

  /**
   * Cancels the agent job of an open trace. The agent kills the pipeline, wipes a partly written target and
   * reports `job.finished` (failed, "cancelled by operator"), which closes the trace.
   * @throws ConflictDomainException TRACE_NOT_CANCELLABLE when the trace is final or was never accepted by its agent.
   */
  async cancel(traceId: string, user: AuthUser): Promise<{ traceId: string; agent: string }> {
    const trace = await this.traces.get(traceId, user);
    if (!['sent', 'in-progress'].includes(trace.status) || !trace.agentJobId)
      throw new ConflictDomainException(
        'TRACE_NOT_CANCELLABLE',
        `trace ${traceId} is "${trace.status}": only traces its agent is running can be cancelled`,
      );
    const client = await this.clients.get(trace.clientId, user);
    const agent = await this.agents.cancelJob(client.ip, trace.agentJobId);
    if (agent === 'unknown-job')
      await this.traces.markFailed(trace.id, `agent ${client.ip} no longer knows job ${trace.agentJobId}`, {
        stage: trace.stage,
      });
    if (agent === 'unreachable')
      throw new ConflictDomainException(
        'AGENT_UNREACHABLE',
        `agent ${client.ip} could not be reached to cancel ${trace.agentJobId}`,
      );
    return { traceId, agent };
  }

  /** Target clients: known, within the caller's units, and not in maintenance. */
  private async targets(ids: string[], user: AuthUser): Promise<ClientEntity[]> {
    const clients = await this.clients.getMany(ids, user);
    const inMaintenance = clients.find((c) => c.maintenance);
    if (inMaintenance)
      throw new ConflictDomainException('CLIENT_IN_MAINTENANCE', `clientIds: ${inMaintenance.name} is in maintenance`);
    return clients;
  }

  private checkDeployTarget(client: ClientEntity, dto: DeployImageCommandDto, dataSizeBytes: number): void {
    const target = findPartition(client, dto.disk, dto.partition);
    if (target.filesystem === 'CACHE')
      throw new DomainException(
        'PARTITION_IS_CACHE',
        `partition: partition ${dto.partition} on disk ${dto.disk} of ${client.name} is the CACHE`,
      );
    if (target.sizeBytes < dataSizeBytes)
      throw new DomainException(
        'PARTITION_TOO_SMALL',
        `partition: partition ${dto.partition} on disk ${dto.disk} of ${client.name} has ${target.sizeBytes} bytes, the image holds ${dataSizeBytes} bytes of data`,
      );
  }

  /** Opens one trace per client (its id is also the order's `ids`) with `input`, and queues the orders. */
  private openPerClient(
    clients: ClientEntity[],
    command: TraceCommand,
    imageId: string | null,
    user: AuthUser,
    input: Record<string, unknown>,
  ): Promise<TraceEntity[]> {
    return this.openAndQueue(
      clients.map((client) => {
        const id = randomUUID();
        return { id, command, clientId: client.id, imageId, createdBy: user.username, input: { ...input, ids: id } };
      }),
    );
  }

  private async openAndQueue(traces: NewTrace[]): Promise<TraceEntity[]> {
    const saved = await this.traces.open(traces);
    await this.dispatch.enqueue(saved.map((t) => t.id));
    return saved;
  }
}
