import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { ApiPageOf, Page } from '@core/common/pagination';
import { TraceQuery } from './trace.dto';
import { TraceEntity } from './trace.entity';
import { TracesService } from './traces.service';

@ApiTags('traces')
@ApiBearerAuth()
@Controller('traces')
export class TracesController {
  constructor(private readonly service: TracesService) {}

  /** Traces, newest first, filtered by client, command and status. */
  @Get()
  @ApiPageOf(TraceEntity)
  list(@Query() q: TraceQuery, @CurrentUser() user: AuthUser): Promise<Page<TraceEntity>> {
    return this.service.list(q, user);
  }

  /** One trace: status, progress %, stage, rate (bytes/s), error, agent job id, times. */
  @Get(':id')
  @ApiOkResponse({ type: TraceEntity })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<TraceEntity> {
    return this.service.get(id, user);
  }
}
