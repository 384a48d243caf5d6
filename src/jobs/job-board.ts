import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { QUEUES } from './queues.js';
import { PROBLEM_CONTENT_TYPE } from '../common/errors/problem-details.js';
import { problemDocument } from '../common/errors/to-problem.js';

/** Where the Bull job board is served. */
export const JOB_BOARD_PATH = '/admin/queues';

function matches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token in `Authorization: Bearer <token>` or as the password of HTTP Basic auth (browsers prompt for it). */
function presentedToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value] = authorization.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
}

/**
 * Serves the Bull Board UI at /admin/queues, guarded by ADMIN_BOARD_TOKEN; without a token the board
 * is not mounted at all. (The users module replaces the token with the admin role.)
 */
export async function registerJobBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const token = config.jobBoard.token;
  if (!token) return;
  const serverAdapter = new BoardAdapter();
  serverAdapter.setBasePath(JOB_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map(
      (name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
  });
  await app
    .getHttpAdapter()
    .getInstance()
    .register(
      async (scope) => {
        scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
          const presented = presentedToken(request.headers.authorization);
          if (presented && matches(presented, token)) return;
          await reply
            .status(401)
            .header('www-authenticate', 'Basic realm="Whiskey Tracker job board", charset="UTF-8"')
            .header('content-type', PROBLEM_CONTENT_TYPE)
            .send(problemDocument(401, 'The job board requires the admin board token', request.url));
        });
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: JOB_BOARD_PATH },
    );
}
