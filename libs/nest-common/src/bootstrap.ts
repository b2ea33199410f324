import { INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ErrorMapper, GlobalExceptionFilter } from './exception.filter';
import { requestLogger } from './logger';

/** The validation every service applies to every input: unknown fields are 400, strings converted by DTO rules. */
export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true });
}

/**
 * Applies the shared HTTP setup: pino logger and request lines, no `ETag` on JSON answers (express hashed every body;
 * files set their own), validation pipe, error filter (with the app's error mappers), shutdown hooks.
 */
export function configureApp(app: INestApplication, errorMappers: ErrorMapper[] = []): void {
  app.useLogger(app.get(Logger));
  app.use(requestLogger());
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('etag', false);
  app.useGlobalPipes(globalValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter(errorMappers));
  app.enableShutdownHooks();
}

/** Builds the OpenAPI document of an app (also used by the drift test and `npm run openapi`). */
export function buildOpenApiDocument(
  app: INestApplication,
  meta: { title: string; description: string; version: string; bearer?: boolean; apiKey?: string },
): OpenAPIObject {
  let builder = new DocumentBuilder().setTitle(meta.title).setDescription(meta.description).setVersion(meta.version);
  if (meta.bearer) builder = builder.addBearerAuth();
  if (meta.apiKey) builder = builder.addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization' }, meta.apiKey);
  return SwaggerModule.createDocument(app, builder.build());
}

/** Serves Swagger UI at `/docs` and the spec at `/docs-json`. */
export function setupSwagger(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
