import { DynamicModule, Global, Module } from '@nestjs/common';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';

/** Makes the validated {@link RepositoryConfig} injectable everywhere as {@link REPOSITORY_CONFIG}. */
@Global()
@Module({})
export class RepositoryConfigModule {
  /** Registers `config` as the app's configuration. */
  static forRoot(config: RepositoryConfig): DynamicModule {
    return {
      module: RepositoryConfigModule,
      providers: [{ provide: REPOSITORY_CONFIG, useValue: config }],
      exports: [REPOSITORY_CONFIG],
    };
  }
}
