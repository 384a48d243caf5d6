import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from '../../src/app.module.js';
import { buildOpenApiDocument } from '../../src/common/http/openapi.js';
import { applyApiPrefix } from '../../src/common/http/route-prefix.js';
import { loadConfig } from '../../src/config/load-config.js';

/**
 * Renders the OpenAPI document without connecting to anything: the module graph is built in preview
 * mode (no provider is instantiated), which is all the Swagger scanner needs.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const metadata = await import('../../src/metadata.js');
  await SwaggerModule.loadPluginMetadata(metadata.default);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgresql://preview@127.0.0.1:1/preview',
    REDIS_URL: 'redis://127.0.0.1:1',
    JWT_SECRET: 'preview-only-preview-only-preview-only',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
    },
  );
  applyApiPrefix(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
