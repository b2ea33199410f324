import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Page } from '@core/common/pagination';
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
  list(@Query() q: TraceQuery): Promise<Page<TraceEntity>> {
    return this.service.list(q);
  }

  /** One trace: status, progress %, stage, rate (bytes/s), error, agent job id, times. */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TraceEntity> {
    return this.service.get(id);
  }
}
