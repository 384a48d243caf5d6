import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PACKAGE } from '../package-info.js';

/** Where Swagger UI and the JSON document are served. */
export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/**
 * The OpenAPI document of every route. It does not depend on configuration, so the committed
 * docs/openapi.json is the same for every instance.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Whiskey Tracker API')
    .setDescription(
      `${PACKAGE.description}\n\nErrors are RFC 9457 \`application/problem+json\` documents. ` +
        'Lists take `page`, `perPage` (max 100), `sort`, `order` and `q`, and answer `{ data, total }`.',
    )
    .setVersion(PACKAGE.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves Swagger UI at /api/docs and the JSON document at /api/docs-json. */
export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Whiskey Tracker API',
  });
}
