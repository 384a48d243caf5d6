import {
  BadRequestException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ConflictError, InvalidError, NotFoundError, StaleVersionError } from './domain-error.js';
import { toProblem } from './to-problem.js';

const context = { instance: '/api/v1/bottles/7', requestId: 'req-1' };

describe('toProblem', () => {
  it.each([
    [new NotFoundError('Bottle 7 does not exist'), 404, 'Not Found'],
    [new ConflictError('Barcode already used'), 409, 'Conflict'],
    [new InvalidError('Only 20 ml remain in Lagavulin 16'), 422, 'Unprocessable Content'],
  ])('maps %s to its status and title with the message as detail', (error, status, title) => {
    expect(toProblem(error, context)).toEqual({
      type: `/problems/${title.toLowerCase().replace(/ /g, '-')}`,
      title,
      status,
      detail: error.message,
      instance: '/api/v1/bottles/7',
      requestId: 'req-1',
    });
  });

  it('keeps field errors of a stale version', () => {
    expect(toProblem(new StaleVersionError('Bottle 7', 3, 4), context)).toMatchObject({
      status: 409,
      errors: [{ field: 'version', message: 'expected 4' }],
    });
  });

  it('maps client-side HTTP exceptions with their message', () => {
    expect(toProblem(new BadRequestException('Body is not valid JSON'), context)).toMatchObject({
      status: 400,
      detail: 'Body is not valid JSON',
    });
    expect(toProblem(new PayloadTooLargeException(), context)).toMatchObject({ status: 413 });
    expect(toProblem(new NotFoundException('Cannot GET /api/v1/nope'), context)).toMatchObject({
      status: 404,
      detail: 'No route matches /api/v1/bottles/7',
    });
  });

  it('keeps the status of a server-side HTTP exception but not its message', () => {
    const problem = toProblem(
      new ServiceUnavailableException('restore in progress: db host 10.0.0.5'),
      context,
    );
    expect(problem).toMatchObject({ status: 503, detail: 'Service Unavailable' });
  });

  it('turns anything else into a 500 that reveals only the request id', () => {
    const problem = toProblem(
      new TypeError('Cannot read properties of undefined (reading "passwordHash")'),
      context,
    );
    expect(problem).toEqual({
      type: '/problems/internal-server-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; quote request id req-1 when reporting it',
      instance: '/api/v1/bottles/7',
      requestId: 'req-1',
    });
  });
});
