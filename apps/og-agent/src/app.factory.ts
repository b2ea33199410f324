import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument, configureApp, setupSwagger } from '@og/nest-common';
import { AppModule } from './app.module';
import type { AgentConfig } from './config/env';

/** Builds the configured agent app (logger, validation, error filter, Swagger at /docs) without listening. */
export async function createAgentApp(config: AgentConfig): Promise<INestApplication> {
  const httpsOptions = config.tls
    ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }
    : undefined;
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, httpsOptions });
  configureApp(app);
  setupSwagger(app, agentOpenApiDocument(app));
  return app;
}

/** og-agent's OpenAPI document for an app instance (committed as `openapi/og-agent.json`). */
export function agentOpenApiDocument(app: INestApplication): OpenAPIObject {
  return buildOpenApiDocument(app, {
    title: 'og-agent',
    description:
      'OpenGnsys 2 cloning engine on each PC. Every /CloningEngine route needs `Authorization: <secret>` or `Authorization: Bearer <secret>`.',
    version: '0.1.0',
    apiKey: 'agent-secret',
  });
}
