import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument, configureApp, setupSwagger } from '@og/nest-common';
import { AppModule } from './app.module';
import { mapDatabaseError } from './common/database-error.mapper';
import { CoreEnv } from './config/env';

/** OpenAPI metadata of og-core. */
export const CORE_OPENAPI = {
  title: 'og-core',
  description:
    'ogsuite management API: inventory, images, commands and traces. Log in at POST /auth/login, then "Authorize" with the token.',
  version: '0.1.0',
  bearer: true,
};

/** Builds the og-core Nest application (not listening): shared HTTP setup, raw bodies for webhook signatures, Swagger. */
export async function createCoreApp(env: CoreEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), { rawBody: true, bufferLogs: true });
  configureApp(app, [mapDatabaseError]);
  setupSwagger(app, buildOpenApiDocument(app, CORE_OPENAPI));
  return app;
}
