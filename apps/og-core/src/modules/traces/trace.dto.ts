import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@core/common/pagination';
import { TRACE_COMMANDS, TRACE_STATUSES, TraceCommand, TraceStatus } from './trace.entity';

/** Query of `GET /traces`, newest first. */
export class TraceQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ enum: TRACE_COMMANDS })
  @IsOptional()
  @IsIn(TRACE_COMMANDS as unknown as string[])
  command?: TraceCommand;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  imageId?: string;

  @ApiPropertyOptional({ enum: TRACE_STATUSES })
  @IsOptional()
  @IsIn(TRACE_STATUSES as unknown as string[])
  status?: TraceStatus;
}
