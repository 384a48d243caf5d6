import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/** The body of every list response. */
export interface Paginated<T> {
  data: T[];
  /** Number of items matching the query, across all pages. */
  total: number;
}

/** Wraps items and their total count in the list response shape. */
export function paginated<T>(data: T[], total: number): Paginated<T> {
  return { data, total };
}

/** The same page with each item turned into its response DTO. */
export function mapPage<T, R>(page: Paginated<T>, toDto: (item: T) => R): Paginated<R> {
  return paginated(page.data.map(toDto), page.total);
}

/** Documents a list endpoint's `{ data: Dto[], total }` response in OpenAPI. */
export function ApiPaginatedResponse(
  model: Type<unknown>,
  description = 'One page of results',
): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'total'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          total: { type: 'integer', minimum: 0, description: 'Items matching the query, across all pages' },
        },
      },
    }),
  );
}
