import { Module } from '@nestjs/common';
import { ClientsModule } from '@core/modules/clients/clients.module';
import { DispatchModule } from '@core/modules/dispatch/dispatch.module';
import { TracesModule } from '@core/modules/traces/traces.module';
import { TraceWatchService } from './trace-watch.service';

@Module({
  imports: [TracesModule, ClientsModule, DispatchModule],
  providers: [TraceWatchService],
})
export class TraceWatchModule {}
