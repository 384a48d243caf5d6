import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from './public.decorator.js';
import { ProblemDetailsDto } from '../errors/problem-details.dto.js';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details.js';
import { PACKAGE } from '../package-info.js';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** Name of the bearer security scheme in the document. */
const BEARER_SCHEME = 'bearer';

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
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT or wt_… API token',
        description: 'An access token from /api/v1/auth/login, or a personal API token (wt_…).',
      },
      BEARER_SCHEME,
    )
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
  documentErrorResponses(document);
  documentPublicOperations(document);
  return document;
}

/** Public operations need no credentials: they override the document-wide bearer requirement. */
function documentPublicOperations(document: OpenAPIObject): void {
  for (const operation of operations(document)) {
    if ((operation as unknown as Record<string, unknown>)[PUBLIC_EXTENSION]) operation.security = [];
  }
}

function operations(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((pathItem) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) =>
      pathItem[method] ? [pathItem[method]] : [],
    ),
  );
}

/**
 * Every operation can fail with a problem document; routes document their specific error statuses
 * themselves, and this adds the catch-all `default` response that describes the shape.
 */
function documentErrorResponses(document: OpenAPIObject): void {
  const problem = {
    description: 'Error: an RFC 9457 problem document',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  };
  for (const operation of operations(document)) {
    operation.responses.default ??= problem;
  }
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
