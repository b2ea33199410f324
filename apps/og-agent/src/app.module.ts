import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, jsonLoggerModule } from '@og/nest-common';
import { AgentConfigModule } from './config/agent-config.module';
import type { AgentConfig } from './config/env';
import { CloningEngineModule } from './modules/cloning-engine/cloning-engine.module';
import { ReportingModule } from './modules/reporting/reporting.module';

/** og-agent: the OpenGnsys cloning engine running as root in ogLive on each PC. */
@Module({})
export class AppModule {
  static forRoot(config: AgentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AgentConfigModule.forRoot(config),
        jsonLoggerModule('og-agent', config.logLevel),
        HealthModule.forRoot({ useFactory: () => [] }),
        ReportingModule,
        CloningEngineModule,
      ],
    };
  }
}
