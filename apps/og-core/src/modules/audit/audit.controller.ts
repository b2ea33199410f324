import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { ApiPageOf, Page, PageQuery, pageWindow } from '@core/common/pagination';
import { MinRole } from '@core/modules/access/roles';
import { AuditEntryEntity } from './audit-entry.entity';

/** Query of `GET /audit-log`. */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  username?: string;

  @ApiPropertyOptional({ enum: ['POST', 'PUT', 'PATCH', 'DELETE'] })
  @IsOptional()
  @IsIn(['POST', 'PUT', 'PATCH', 'DELETE'])
  method?: string;

  /** Route pattern, e.g. `/clients/:id`. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  route?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  /** ISO-8601; entries at or after. */
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** ISO-8601; entries at or before. */
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ApiTags('audit-log')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** Every write through the API, newest first (super-admin). */
  @Get()
  @MinRole('super-admin')
  @ApiPageOf(AuditEntryEntity)
  async list(@Query() q: AuditQuery): Promise<Page<AuditEntryEntity>> {
    const where: FindOptionsWhere<AuditEntryEntity> = {};
    if (q.username) where.username = q.username;
    if (q.method) where.method = q.method;
    if (q.route) where.route = q.route;
    if (q.resourceId) where.resourceId = q.resourceId;
    if (q.from && q.to) where.at = Between(q.from, q.to);
    else if (q.from) where.at = MoreThanOrEqual(q.from);
    else if (q.to) where.at = LessThanOrEqual(q.to);
    const [items, total] = await this.entries.findAndCount({ where, order: { at: 'DESC' }, ...pageWindow(q) });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }
}
