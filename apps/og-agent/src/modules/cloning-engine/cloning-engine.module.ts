import { Module } from '@nestjs/common';
import { DisksModule } from '@agent/modules/disks/disks.module';
import { JobsModule } from '@agent/modules/jobs/jobs.module';
import { ReportingModule } from '@agent/modules/reporting/reporting.module';
import { AgentSecretGuard } from './agent-secret.guard';
import { CloningEngineController } from './cloning-engine.controller';
import { CloningEngineService } from './cloning-engine.service';
import { CaptureWorkflow } from './workflows/capture.workflow';
import { ConfigureWorkflow } from './workflows/configure.workflow';
import { RestoreWorkflow } from './workflows/restore.workflow';

/** The OpenGnsys cloning engine: orders in, background jobs out. */
@Module({
  imports: [DisksModule, JobsModule, ReportingModule],
  controllers: [CloningEngineController],
  providers: [CloningEngineService, AgentSecretGuard, RestoreWorkflow, CaptureWorkflow, ConfigureWorkflow],
})
export class CloningEngineModule {}
