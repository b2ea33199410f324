import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, ILike, In, Repository } from 'typeorm';
import type { DiskLayout } from '@og/contracts';
import { Page, pageWindow, sortOrder } from '@core/common/pagination';
import { ClientPartitionEntity } from './client-partition.entity';
import { ClientQuery } from './client.dto';
import { ClientEntity, ClientStatus } from './client.entity';

/** Persistence of clients and their reported partitions. */
@Injectable()
export class ClientsRepository {
  constructor(
    @InjectRepository(ClientEntity) private readonly repo: Repository<ClientEntity>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** A client with its partitions ordered by disk and partition number. */
  findById(id: string): Promise<ClientEntity | null> {
    // One query: findOne with relations would first run a DISTINCT … LIMIT 1 subquery.
    return this.repo
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.partitions', 'p')
      .where('c.id = :id', { id })
      .orderBy('p.disk', 'ASC')
      .addOrderBy('p.partition', 'ASC')
      .getOne();
  }

  findManyByIds(ids: string[]): Promise<ClientEntity[]> {
    return this.repo.find({ where: { id: In(ids) }, relations: { partitions: true, repository: true } });
  }

  findByMac(mac: string): Promise<ClientEntity | null> {
    return this.repo.findOneBy({ mac });
  }

  /** A page of clients; `within` limits them to those units (the caller's scope). */
  async list(q: ClientQuery, within?: string[]): Promise<Page<ClientEntity>> {
    const where: FindOptionsWhere<ClientEntity> = {};
    if (within)
      where.organizationalUnitId = In(
        q.organizationalUnitId ? within.filter((id) => id === q.organizationalUnitId) : within,
      );
    else if (q.organizationalUnitId) where.organizationalUnitId = q.organizationalUnitId;
    if (q.subnetId) where.subnetId = q.subnetId;
    if (q.repositoryId) where.repositoryId = q.repositoryId;
    if (q.name) where.name = ILike(`%${q.name}%`);
    if (q.mac) where.mac = q.mac;
    if (q.ip) where.ip = q.ip;
    if (q.status) where.status = q.status;
    const order = sortOrder(q, ['name', 'ip', 'mac', 'status', 'lastSeenAt', 'createdAt'], 'name');
    const [items, total] = await this.repo.findAndCount({ where, order, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  async save(client: Partial<ClientEntity>): Promise<ClientEntity> {
    const saved = await this.repo.save(this.repo.create(client));
    return (await this.findById(saved.id))!;
  }

  /** Clients that already use one of these MACs or IPs. */
  findClashes(macs: string[], ips: string[]): Promise<ClientEntity[]> {
    return this.repo.find({ where: [{ mac: In(macs) }, { ip: In(ips) }] });
  }

  /** Inserts every client in one transaction (all or nothing). */
  insertAll(clients: Array<Partial<ClientEntity>>): Promise<ClientEntity[]> {
    return this.db.transaction((tx) =>
      tx.getRepository(ClientEntity).save(clients.map((c) => tx.getRepository(ClientEntity).create(c))),
    );
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  async setStatus(id: string, status: ClientStatus): Promise<void> {
    await this.repo.update({ id }, { status, lastSeenAt: new Date() });
  }

  /**
   * Replaces the client's disks and partitions with a fresh report, in one transaction.
   * Keeps `imageId` where a partition still has the same number, filesystem and size.
   */
  async replaceLayout(clientId: string, disks: DiskLayout[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ClientPartitionEntity);
      const before = await repo.findBy({ clientId });
      const keep = new Map(before.map((p) => [`${p.disk}/${p.partition}/${p.filesystem}/${p.sizeBytes}`, p.imageId]));
      await repo.delete({ clientId });
      const rows = disks.flatMap((d) => [
        repo.create({
          clientId,
          disk: d.disk,
          partition: 0,
          code: d.tableType,
          filesystem: '',
          os: '',
          sizeBytes: d.sizeBytes,
          usedBytes: null,
          imageId: null,
        }),
        ...d.partitions.map((p) =>
          repo.create({
            clientId,
            disk: p.disk,
            partition: p.partition,
            code: p.code,
            filesystem: p.filesystem,
            os: p.os,
            sizeBytes: p.sizeBytes,
            usedBytes: p.usedBytes,
            imageId: keep.get(`${p.disk}/${p.partition}/${p.filesystem}/${p.sizeBytes}`) ?? null,
          }),
        ),
      ]);
      if (rows.length) await repo.save(rows);
    });
  }

  async setHardwareProfile(id: string, hardwareProfileId: string): Promise<void> {
    await this.repo.update({ id }, { hardwareProfileId });
  }

  /** Records that `imageId` was restored onto a partition. */
  async markRestored(clientId: string, disk: number, partition: number, imageId: string): Promise<void> {
    await this.db.getRepository(ClientPartitionEntity).update({ clientId, disk, partition }, { imageId });
  }
}
