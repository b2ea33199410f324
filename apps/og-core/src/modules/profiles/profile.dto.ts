import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from '@core/common/pagination';

/** Query of `GET /software-profiles`: every filter optional, sorted by `createdAt` unless `sort` says otherwise. */
export class SoftwareProfileQuery extends PageQuery {
  /** Only the profiles of this client's partitions. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  /** Only profiles of this disk number (1-based, OpenGnsys `dsk`). */
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 64 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  disk?: number;

  /** Only profiles of this partition number (1-based, OpenGnsys `par`). */
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 128 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(128)
  partition?: number;
}
