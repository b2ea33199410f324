import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { DiskLayout } from '@og/contracts';
import { Page, pageWindow, sortOrder } from '@core/common/pagination';
import { ClientJson, clientJsonSql, JsonText } from './client-json.sql';
import { ClientPartitionEntity } from './client-partition.entity';
import { ClientQuery } from './client.dto';
import { preparedRead } from './prepared-read';
import { ClientEntity, ClientStatus } from './client.entity';

const SORTABLE = ['name', 'ip', 'mac', 'status', 'lastSeenAt', 'createdAt'] as const;

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

  /**
   * A client as the API answers it, with its partitions by disk and partition number, and its unit (for the
   * caller's scope); one query, no hydration.
   */
  async findJsonById(id: string): Promise<{ organizationalUnitId: string; json: JsonText<ClientJson> } | null> {
    const rows = await preparedRead<{ organizationalUnitId: string; json: string }>(
      this.db,
      `SELECT c."organizationalUnitId", ${clientJsonSql(true)}::text AS json FROM clients c WHERE c.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  findManyByIds(ids: string[]): Promise<ClientEntity[]> {
    return this.repo.find({ where: { id: In(ids) }, relations: { partitions: true, repository: true } });
  }

  findByMac(mac: string): Promise<ClientEntity | null> {
    return this.repo.findOneBy({ mac });
  }

  /**
   * A page of clients as the API answers it (JSON text, no partitions), counted and written by PostgreSQL in one query;
   * `within` limits them to those units (the caller's scope).
   * @throws DomainException BAD_SORT for a sort field clients do not have.
   */
  async list(q: ClientQuery, within?: string[]): Promise<JsonText<Page<ClientJson>>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (within)
      where.push(
        `c."organizationalUnitId" = ANY(${param(q.organizationalUnitId ? within.filter((id) => id === q.organizationalUnitId) : within)}::uuid[])`,
      );
    else if (q.organizationalUnitId) where.push(`c."organizationalUnitId" = ${param(q.organizationalUnitId)}`);
    if (q.subnetId) where.push(`c."subnetId" = ${param(q.subnetId)}`);
    if (q.repositoryId) where.push(`c."repositoryId" = ${param(q.repositoryId)}`);
    if (q.name) where.push(`c.name ILIKE ${param(`%${q.name}%`)}`);
    if (q.mac) where.push(`c.mac = ${param(q.mac)}`);
    if (q.ip) where.push(`c.ip = ${param(q.ip)}`);
    if (q.status) where.push(`c.status = ${param(q.status)}`);
    const [[field, direction]] = Object.entries(sortOrder(q, SORTABLE, 'name'));
    // `field` is one of SORTABLE (checked above); the id makes pages stable among equal values.
    const order = `c."${field}" ${direction}, c.id ${direction}`;
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { skip, take } = pageWindow(q);
    // Each row's JSON is stored (`clients.document`, kept by a trigger): a page joins 100 strings.
    const [row] = await preparedRead<{ json: string }>(
      this.db,
      `SELECT '{"items":[' || COALESCE((SELECT string_agg(c.document, ',' ORDER BY ${order}) FROM (
           SELECT c.document, c."${field}", c.id FROM clients c ${whereSql} ORDER BY ${order}
           LIMIT ${param(take)} OFFSET ${param(skip)}) c), '')
         || '],"total":' || (SELECT count(*) FROM clients c ${whereSql})
         || ',"page":' || ${param(q.page)}::int || ',"itemsPerPage":' || ${param(q.itemsPerPage)}::int || '}' AS json`,
      params,
    );
    return row.json;
  }

  /**
   * Version of the client list of unit `organizationalUnitId` (`client_list_versions`, bumped by a trigger whenever one
   * of its clients changes; 0 before any change), as decimal text.
   */
  async listVersion(organizationalUnitId: string): Promise<string> {
    const [row] = await preparedRead<{ version: string }>(
      this.db,
      `SELECT COALESCE((SELECT "version" FROM client_list_versions WHERE "organizationalUnitId" = $1), 0)::text AS "version"`,
      [organizationalUnitId],
    );
    return row.version;
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
