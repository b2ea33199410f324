import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, loadEnv } from '@og/nest-common';
import { AppModule } from './app.module';
import { CORE_OPENAPI } from './app.factory';
import { CoreEnv } from './config/env';

/** Path of the committed spec, relative to the workspace root. */
export const CORE_OPENAPI_FILE = 'openapi/og-core.json';

/** og-core's OpenAPI document, built in Nest preview mode: no database, Redis or network needed. */
export async function buildCoreOpenApi(): Promise<OpenAPIObject> {
  const placeholder = 'openapi-placeholder-secret-0123456789';
  const env = loadEnv(CoreEnv, {
    OG_JWT_SECRET: placeholder,
    OG_AGENT_SECRET: placeholder,
    OG_AGENT_WEBHOOK_SECRET: placeholder,
    OG_REPOSITORY_WEBHOOK_SECRET: placeholder,
  });
  const app = await NestFactory.create(AppModule.forRoot(env), { preview: true, logger: false });
  try {
    return buildOpenApiDocument(app, CORE_OPENAPI);
  } finally {
    await app.close();
  }
}
