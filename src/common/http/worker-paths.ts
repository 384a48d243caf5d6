import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details.js';
import { problemDocument } from '../errors/to-problem.js';

/** Paths a worker-only process still answers: its own probes and metrics. */
const WORKER_PATHS = /^\/(health\/|metrics(\?|$))/;

/** Makes a worker-only process answer 404 to everything but /health/* and /metrics. */
export function restrictToWorkerPaths(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (WORKER_PATHS.test(request.url)) return;
      await reply
        .status(404)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(
          problemDocument(404, 'This is a worker process: it serves only /health and /metrics', request.url),
        );
    });
}
