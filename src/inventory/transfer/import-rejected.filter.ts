import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../../common/errors/problem-details.js';
import { toProblem } from '../../common/errors/to-problem.js';
import type { ImportRejectedDto } from './dto/import-report.dto.js';
import { ImportRejectedError } from './transfer.errors.js';

/**
 * A refused import answers 422 with a problem document that carries the whole import report (its
 * `errors` are the report's row errors), so a client sees every problem of the file at once.
 */
@Catch(ImportRejectedError)
export class ImportRejectedFilter implements ExceptionFilter {
  catch(exception: ImportRejectedError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, {
      instance: request.url.split('?')[0] ?? '/',
      requestId: request.id,
    });
    const body: ImportRejectedDto = { ...problem, ...exception.report };
    void reply.status(exception.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }
}
