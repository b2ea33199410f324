import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { join } from 'node:path';
import { agentOpenApiDocument } from '@agent/app.factory';
import { AppModule } from '@agent/app.module';
import { loadAgentConfig } from '@agent/config/env';

/** Where the committed spec lives, relative to the workspace root. */
export const AGENT_OPENAPI_FILE = join('openapi', 'og-agent.json');

/**
 * Builds og-agent's OpenAPI document from the code without listening, booting or touching disks
 * (placeholder configuration; no lifecycle hooks run).
 */
export async function buildAgentOpenApi(): Promise<OpenAPIObject> {
  const config = loadAgentConfig({
    OG_AGENT_SECRET: 'openapi-placeholder',
    OG_AGENT_CORE_URL: 'http://127.0.0.1:9',
    OG_AGENT_WEBHOOK_SECRET: 'openapi-placeholder',
    OG_AGENT_REPOSITORY_TOKEN: 'openapi-placeholder',
    OG_AGENT_MAC: '00:00:00:00:00:01',
    OG_AGENT_IP: '127.0.0.1',
    OG_AGENT_NAME: 'openapi',
    OG_LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    return agentOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The document as committed: 2-space JSON with a final newline. */
export function serializeOpenApi(doc: OpenAPIObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
