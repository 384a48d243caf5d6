import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PACKAGE } from '../common/package-info.js';
import { PROBLEM_CONTENT_TYPE } from '../common/errors/problem-details.js';
import { problemDocument } from '../common/errors/to-problem.js';

/** URL prefix of the console. */
export const CONSOLE_PATH = '/admin';

/** Where `npm run build` puts the console's production bundle. */
export const CONSOLE_DIST = join(PACKAGE.root, 'dist', 'admin');

/** Vite names bundled assets by content hash, so they never change under the same URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built react-admin console at /admin: hashed assets with a year-long cache, and
 * `index.html` (never cached, so a new release is picked up) for every other console path, which the
 * console's router then resolves. The job board keeps its own, more specific /admin/queues routes.
 */
export async function registerConsole(app: NestFastifyApplication, root = CONSOLE_DIST): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(root, 'index.html'))) {
    fastify.get(`${CONSOLE_PATH}/*`, notBuilt);
    fastify.get(CONSOLE_PATH, notBuilt);
    return;
  }
  await fastify.register(fastifyStatic, {
    root,
    prefix: `${CONSOLE_PATH}/`,
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      res.header('cache-control', path.startsWith(join(root, 'assets')) ? IMMUTABLE : 'no-cache');
    },
  });
  const page = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  fastify.get(CONSOLE_PATH, page);
  fastify.get(`${CONSOLE_PATH}/*`, page);
  // A missing asset is a 404, not the page: a stale tab must not run HTML as a script.
  fastify.get(`${CONSOLE_PATH}/assets/*`, async (request, reply) => {
    await reply
      .status(404)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemDocument(404, 'No such console asset', request.url));
  });
}

async function notBuilt(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await reply
    .status(503)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemDocument(503, 'The console is not built: run `npm run build`', request.url));
}
