import type { ValidationError } from 'class-validator';
import { BadRequestError, type FieldError } from './domain-error.js';

/** Flattens nested class-validator errors into `{ field: 'a.b.0.c', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The request body, query or parameters failed validation; `errors` lists each offending field. */
export class ValidationFailedError extends BadRequestError {
  constructor(errors: ValidationError[]) {
    const fields = flattenValidationErrors(errors);
    super(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}`, fields);
  }
}
