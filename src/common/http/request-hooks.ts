import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { MetricsService } from '../../metrics/metrics.service.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Route label of requests that matched no route (one label, not one per URL: bounded cardinality). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Per-request observability: echoes the request id, observes the request duration histogram by
 * route template, and writes one access-log line per request.
 */
export function registerRequestHooks(
  app: NestFastifyApplication,
  metrics: MetricsService,
  logger: Logger,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      seconds,
    );
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });
}
