import { DynamicModule, Global, Module } from '@nestjs/common';
import { AGENT_CONFIG, AgentConfig } from './env';

/** Provides the validated {@link AgentConfig} to every module. */
@Global()
@Module({})
export class AgentConfigModule {
  static forRoot(config: AgentConfig): DynamicModule {
    return {
      module: AgentConfigModule,
      providers: [{ provide: AGENT_CONFIG, useValue: config }],
      exports: [AGENT_CONFIG],
    };
  }
}
