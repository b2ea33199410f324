import { Module } from '@nestjs/common';
import { ReportingModule } from '@agent/modules/reporting/reporting.module';
import { JobRegistry } from './job-registry.service';

/** The job registry: one disk job at a time, reported to og-core. */
@Module({ imports: [ReportingModule], providers: [JobRegistry], exports: [JobRegistry] })
export class JobsModule {}
