import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import type { OpenAPIV3 } from 'openapi-types';
import { generatePluginMetadata } from '../../scripts/openapi/plugin-metadata.js';
import { renderOpenApiDocument } from '../../scripts/openapi/document.js';
import { CONSOLE_TYPES_PATH, renderConsoleTypes } from '../../scripts/openapi/console-types.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const committed = readFileSync('docs/openapi.json', 'utf8');
const STALE =
  'stale: run `npm run openapi` and commit docs/openapi.json, src/metadata.ts and admin/api/schema.ts';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is served at /api/docs-json exactly as committed in docs/openapi.json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(committed));
  });

  it('is a valid OpenAPI 3 document', async () => {
    const document = JSON.parse(committed) as OpenAPIV3.Document;
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('documents every operation with a summary, a success (or redirect) response and the problem+json error shape', () => {
    const document = JSON.parse(committed) as OpenAPIV3.Document;
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const)
        .filter((method) => item?.[method])
        .map((method) => ({ route: `${method.toUpperCase()} ${path}`, operation: item![method]! })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const { route, operation } of operations) {
      expect({ route, summary: Boolean(operation.summary) }).toEqual({ route, summary: true });
      const statuses = Object.keys(operation.responses);
      expect({ route, success: statuses.some((status) => /^[23]/.test(status)) }).toEqual({
        route,
        success: true,
      });
      expect({ route, errors: Boolean(operation.responses.default) }).toEqual({ route, errors: true });
    }
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });

  it(`is fresh against the sources (${STALE})`, async () => {
    expect(generatePluginMetadata()).toBe(readFileSync('src/metadata.ts', 'utf8'));
    // Compared as data: the Swagger scanner's key order depends on what else ran in this process.
    expect(JSON.parse(await renderOpenApiDocument())).toEqual(JSON.parse(committed));
    expect(await renderConsoleTypes(committed)).toBe(readFileSync(CONSOLE_TYPES_PATH, 'utf8'));
  }, 60_000);
});
