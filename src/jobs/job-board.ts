import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JOB_BOARD_PATH, JobBoardAccess } from '../users/auth/job-board-access.service.js';
import { QUEUES } from './queues.js';
import { PROBLEM_CONTENT_TYPE } from '../common/errors/problem-details.js';
import { problemDocument } from '../common/errors/to-problem.js';

/**
 * Serves the Bull Board UI at /admin/queues to instance admins (access token or the cookie the console
 * obtains from `POST /api/v1/auth/job-board-session`); everyone else gets 401.
 */
export async function registerJobBoard(app: NestFastifyApplication): Promise<void> {
  const access = app.get(JobBoardAccess, { strict: false });
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
          if (await access.admits(request)) return;
          await reply
            .status(401)
            .header('content-type', PROBLEM_CONTENT_TYPE)
            .send(
              problemDocument(
                401,
                'The job board is for instance admins: open it from the console (Admin → Job board)',
                request.url,
              ),
            );
        });
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: JOB_BOARD_PATH },
    );
}
