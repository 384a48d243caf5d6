import { HttpException, HttpStatus } from '@nestjs/common';
import {
  ForeignKeyConstraintViolationException,
  NotFoundError as OrmNotFoundError,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { STATUS_CODES } from 'node:http';
import { DomainError, type FieldError } from './domain-error.js';
import type { ProblemDetailsDto } from './problem-details.dto.js';

/** Where problem types are documented; a problem's `type` is this plus its slug. */
export const PROBLEM_TYPE_BASE = '/problems/';

interface ProblemContext {
  instance: string;
  requestId?: string;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function build(
  status: number,
  detail: string,
  context: ProblemContext,
  errors?: FieldError[],
  title = STATUS_CODES[status] ?? 'Error',
): ProblemDetailsDto {
  return {
    type: `${PROBLEM_TYPE_BASE}${slug(title)}`,
    title,
    status,
    detail,
    instance: context.instance,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** A problem document for answers written outside Nest's exception filter (raw Fastify hooks). */
export function problemDocument(status: number, detail: string, instance: string): ProblemDetailsDto {
  return build(status, detail, { instance: instance.split('?')[0] ?? '/' });
}

/**
 * Maps anything thrown while handling a request to the problem document the client receives.
 * Unknown errors become a 500 whose detail reveals nothing but the request id.
 */
export function toProblem(exception: unknown, context: ProblemContext): ProblemDetailsDto {
  if (exception instanceof DomainError) {
    return build(exception.status, exception.message, context, exception.errors, exception.title);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === Number(HttpStatus.NOT_FOUND) && /^Cannot \w+ /.test(exception.message)) {
      return build(status, `No route matches ${context.instance}`, context);
    }
    if (status < 500) return build(status, httpExceptionDetail(exception), context);
    if (status !== 500) return build(status, STATUS_CODES[status] ?? 'Server error', context);
  }
  if (exception instanceof OptimisticLockError) {
    return build(409, 'The resource was changed by someone else; reload and retry', context);
  }
  if (exception instanceof UniqueConstraintViolationException) {
    return build(409, 'A resource with the same unique value already exists', context);
  }
  if (exception instanceof ForeignKeyConstraintViolationException) {
    return build(
      409,
      'The resource is still referenced by others (or refers to one that does not exist)',
      context,
    );
  }
  if (exception instanceof OrmNotFoundError) {
    return build(404, 'The resource does not exist', context);
  }
  return build(
    500,
    `An unexpected error occurred${context.requestId ? `; quote request id ${context.requestId} when reporting it` : ''}`,
    context,
  );
}
