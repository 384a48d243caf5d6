import { NestFactory } from '@nestjs/core';
import multipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import metadata from './metadata.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { serveOpenApi } from './common/http/openapi.js';
import { applyApiPrefix } from './common/http/route-prefix.js';
import { requestIdFor } from './common/http/request-id.js';
import { registerRequestHooks } from './common/http/request-hooks.js';
import { restrictToWorkerPaths } from './common/http/worker-paths.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { createValidationPipe } from './common/http/validation.pipe.js';
import { ROOT_LOGGER } from './common/logging/logging.module.js';
import type { AppConfig } from './config/app-config.js';
import type { ModuleImports } from './app.module.js';
import { registerJobBoard } from './jobs/job-board.js';
import { registerConsole } from './console/console-assets.js';
import { MetricsService } from './metrics/metrics.service.js';

/** Largest upload any route accepts; each route may set a lower limit. */
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * Creates the HTTP application with every cross-cutting contract applied (prefix, validation,
 * problem+json errors, request ids, security headers, OpenAPI, metrics, job board), initialised but
 * not yet listening. Used by `main.ts`, the worker and the tests alike (which may add modules of their own).
 */
export async function createHttpApp(
  config: AppConfig,
  options: { imports?: ModuleImports } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdFor,
    trustProxy: config.http.trustProxy,
    return503OnClosing: true,
  });
  await SwaggerModule.loadPluginMetadata(metadata);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.imports),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.flushLogs();

  applyApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.http.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    });
  }
  if (!config.runsApi) restrictToWorkerPaths(app);
  await registerSecurityHeaders(app);
  // Uploads (imports, later photos) stream through @fastify/multipart; routes set tighter limits.
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20 } });
  registerRequestHooks(app, app.get(MetricsService), app.get(ROOT_LOGGER));
  await registerJobBoard(app);
  if (config.runsApi) await registerConsole(app, config.console.distDir);
  serveOpenApi(app);
  await app.init();
  return app;
}
