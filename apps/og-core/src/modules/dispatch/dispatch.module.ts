import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@og/contracts';
import { ClientsModule } from '@core/modules/clients/clients.module';
import { TracesModule } from '@core/modules/traces/traces.module';
import { AgentClient } from './agent.client';
import { DispatchProcessor } from './dispatch.processor';
import { DispatchQueue } from './dispatch.queue';

@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.agentDispatch }), ClientsModule, TracesModule],
  providers: [AgentClient, DispatchQueue, DispatchProcessor],
  exports: [DispatchQueue, AgentClient],
})
export class DispatchModule {}
