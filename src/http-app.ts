import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { serveOpenApi } from './common/http/openapi.js';
import { requestIdFor } from './common/http/request-id.js';
import { registerRequestHooks } from './common/http/request-hooks.js';
import { restrictToWorkerPaths } from './common/http/worker-paths.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { createValidationPipe } from './common/http/validation.pipe.js';
import { ROOT_LOGGER } from './common/logging/logging.module.js';
import type { AppConfig } from './config/app-config.js';
import { registerJobBoard } from './jobs/job-board.js';
import { MetricsService } from './metrics/metrics.service.js';

/** Prefix of every API route. */
export const API_PREFIX = 'api/v1';

/** Paths outside the API prefix: probes, metrics, docs and the console. */
const UNPREFIXED = [
  { path: 'health/{*rest}', method: RequestMethod.ALL },
  { path: 'metrics', method: RequestMethod.ALL },
];

/**
 * Creates the HTTP application with every cross-cutting contract applied (prefix, validation,
 * problem+json errors, request ids, security headers, OpenAPI, metrics, job board), initialised but
 * not yet listening. Used by `main.ts`, the worker and the tests alike.
 */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdFor,
    trustProxy: config.http.trustProxy,
    return503OnClosing: true,
  });
  await SwaggerModule.loadPluginMetadata(() => import('./metadata.js').then((m) => m.default()));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.flushLogs();

  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
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
  registerRequestHooks(app, app.get(MetricsService), app.get(ROOT_LOGGER));
  await registerJobBoard(app, config);
  serveOpenApi(app);
  await app.init();
  return app;
}
