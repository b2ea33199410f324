import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, configureApp, setupSwagger } from '@og/nest-common';
import { AppModule } from '@repository/app.module';
import { RepositoryConfig } from '@repository/config/env';
import { ImageStreamGateway } from '@repository/modules/images/image-stream.gateway';

/** Builds og-repository's OpenAPI document from the app's controllers. */
export function buildRepositoryOpenApi(app: INestApplication): OpenAPIObject {
  return buildOpenApiDocument(app, {
    title: 'og-repository',
    description:
      'ogsuite image repository: image files, auxiliary files (.sum, .full.sum, .size, .info, .torrent) and their state.',
    version: '1',
    bearer: true,
  });
}

/**
 * Creates the configured app (logger, validation, error filter, Swagger at `/docs`, the streamed upload's `upgrade`
 * listener), not yet listening.
 */
export async function createRepositoryApp(config: RepositoryConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config), { bufferLogs: true });
  configureApp(app);
  setupSwagger(app, buildRepositoryOpenApi(app));
  app.get(ImageStreamGateway).attach(app.getHttpServer());
  return app;
}

/**
 * The OpenAPI document without connecting to anything: the module graph in preview mode (no provider runs,
 * so no Redis, no directory). Used by the drift test.
 */
export async function generateRepositoryOpenApi(config: RepositoryConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.register(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildRepositoryOpenApi(app);
  } finally {
    await app.close();
  }
}
