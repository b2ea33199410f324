import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, In, LessThan, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, pageWindow, sortOrder } from '@core/common/pagination';
import { TraceQuery } from './trace.dto';
import { FINAL_TRACE_STATUSES, TraceEntity, TraceStatus } from './trace.entity';

@Injectable()
export class TracesRepository {
  constructor(@InjectRepository(TraceEntity) private readonly repo: Repository<TraceEntity>) {}

  findById(id: string): Promise<TraceEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByAgentJobId(agentJobId: string): Promise<TraceEntity | null> {
    return this.repo.findOneBy({ agentJobId });
  }

  /** Newest first by default; `within` limits to clients of those units (the caller's scope). */
  async list(q: TraceQuery, within?: string[]): Promise<Page<TraceEntity>> {
    const where: FindOptionsWhere<TraceEntity> = {};
    if (q.clientId) where.clientId = q.clientId;
    if (q.command) where.command = q.command;
    if (q.status) where.status = q.status;
    if (q.imageId) where.imageId = q.imageId;
    if (within) where.client = { organizationalUnitId: In(within) };
    const order = sortOrder(
      { ...q, order: q.order ?? (q.sort ? 'asc' : 'desc') },
      ['createdAt', 'status', 'command', 'finishedAt'],
      'createdAt',
    );
    const [items, total] = await this.repo.findAndCount({ where, order, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  /** Organizational unit of the trace's client. */
  async unitOf(trace: TraceEntity): Promise<string | null> {
    const rows: Array<{ unit: string }> = await this.repo.query(
      'SELECT "organizationalUnitId" AS unit FROM clients WHERE id = $1',
      [trace.clientId],
    );
    return rows[0]?.unit ?? null;
  }

  saveMany(traces: Array<Partial<TraceEntity>>): Promise<TraceEntity[]> {
    return this.repo.save(traces.map((t) => this.repo.create(t)));
  }

  /** Updates a trace unless it already reached a final status; returns whether a row changed. */
  async updateIfOpen(id: string, patch: Partial<TraceEntity>): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update(TraceEntity)
      .set(patch as QueryDeepPartialEntity<TraceEntity>)
      .where('id = :id AND status NOT IN (:...final)', { id, final: FINAL_TRACE_STATUSES })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  /** Whether another trace than `exceptId` is running (`in-progress`) on the client. */
  async hasRunning(clientId: string, exceptId: string): Promise<boolean> {
    return this.repo.existsBy({ clientId, status: 'in-progress', id: Not(exceptId) });
  }

  /** Open traces not updated since `before`. */
  findSilent(statuses: TraceStatus[], before: Date): Promise<TraceEntity[]> {
    return this.repo.find({ where: { status: In(statuses), updatedAt: LessThan(before) }, take: 100 });
  }
}
