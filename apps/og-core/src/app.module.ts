import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthModule, jsonLoggerModule } from '@og/nest-common';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { coreDataSourceOptions } from '@core/database/data-source';
import { AccessModule } from '@core/modules/access/access.module';
import { AuditModule } from '@core/modules/audit/audit.module';
import { AuthModule } from '@core/modules/auth/auth.module';
import { ClientsModule } from '@core/modules/clients/clients.module';
import { CommandsModule } from '@core/modules/commands/commands.module';
import { DispatchModule } from '@core/modules/dispatch/dispatch.module';
import { DispatchQueue } from '@core/modules/dispatch/dispatch.queue';
import { ImageRepositoriesModule } from '@core/modules/image-repositories/image-repositories.module';
import { ImagesModule } from '@core/modules/images/images.module';
import { OgLivesModule } from '@core/modules/og-lives/og-lives.module';
import { OrganizationalUnitsModule } from '@core/modules/organizational-units/organizational-units.module';
import { ProfilesModule } from '@core/modules/profiles/profiles.module';
import { SubnetsModule } from '@core/modules/subnets/subnets.module';
import { TraceWatchModule } from '@core/modules/trace-watch/trace-watch.module';
import { UsersModule } from '@core/modules/users/users.module';
import { TracesModule } from '@core/modules/traces/traces.module';
import { WebhooksModule } from '@core/modules/webhooks/webhooks.module';

@Global()
@Module({})
class CoreConfigModule {
  static forRoot(env: CoreEnv): DynamicModule {
    return { module: CoreConfigModule, providers: [{ provide: CORE_ENV, useValue: env }], exports: [CORE_ENV] };
  }
}

/** og-core: the management API. */
@Module({})
export class AppModule {
  static forRoot(env: CoreEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreConfigModule.forRoot(env),
        jsonLoggerModule('og-core', env.OG_LOG_LEVEL),
        TypeOrmModule.forRoot(coreDataSourceOptions(env.OG_DATABASE_URL, env.OG_DATABASE_POOL_SIZE)),
        BullModule.forRoot({ connection: { url: env.OG_REDIS_URL }, prefix: env.OG_QUEUE_PREFIX }),
        HealthModule.forRoot({
          imports: [DispatchModule],
          inject: [DataSource, DispatchQueue],
          useFactory: (db: DataSource, queue: DispatchQueue) => [
            { name: 'database', check: async () => void (await db.query('SELECT 1')) },
            { name: 'redis', check: () => queue.ping() },
          ],
        }),
        AccessModule,
        AuditModule,
        AuthModule,
        UsersModule,
        OgLivesModule,
        ProfilesModule,
        OrganizationalUnitsModule,
        SubnetsModule,
        ImageRepositoriesModule,
        ClientsModule,
        ImagesModule,
        TracesModule,
        CommandsModule,
        DispatchModule,
        WebhooksModule,
        TraceWatchModule,
      ],
    };
  }
}
