import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Largest page a client may ask for. */
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 25;
export const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The query of every list endpoint: paging, sorting and free-text search. Resources add named filters. */
export interface ListQuery<S extends string = string> {
  page: number;
  perPage: number;
  sort: S;
  order: SortOrder;
  q?: string;
}

/** A class of list query parameters whose `sort` accepts only the given fields. */
export type ListQueryClass<S extends string> = new () => ListQuery<S>;

/**
 * Builds the query DTO of a list endpoint, with `sort` whitelisted to `sortable`.
 * Extend the returned class to add the resource's named filters.
 *
 * @example
 * export class BottleListQuery extends listQuery(['createdAt', 'name'], 'createdAt') {
 *   @IsOptional() @IsEnum(BottleStatus) status?: BottleStatus;
 * }
 */
export function listQuery<const S extends string>(
  sortable: readonly S[],
  defaultSort: NoInfer<S>,
  defaultOrder: SortOrder = 'ASC',
): ListQueryClass<S> {
  class ListQueryDto implements ListQuery<S> {
    @ApiPropertyOptional({ description: '1-based page number', minimum: 1, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    page = 1;

    @ApiPropertyOptional({
      description: 'Items per page',
      minimum: 1,
      maximum: MAX_PER_PAGE,
      default: DEFAULT_PER_PAGE,
    })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PER_PAGE)
    perPage = DEFAULT_PER_PAGE;

    @ApiPropertyOptional({ description: 'Field to sort by', enum: sortable, default: defaultSort })
    @IsOptional()
    @IsIn(sortable)
    sort: S = defaultSort;

    @ApiPropertyOptional({ description: 'Sort direction', enum: SORT_ORDERS, default: defaultOrder })
    @IsOptional()
    @IsIn(SORT_ORDERS)
    order: SortOrder = defaultOrder;

    @ApiPropertyOptional({ description: 'Free-text search', maxLength: 200 })
    @IsOptional()
    @IsString()
    @MaxLength(200)
    q?: string;
  }
  return ListQueryDto;
}

/** `limit`/`offset`/`orderBy` for MikroORM's `findAndCount`, derived from a list query. */
export function toFindOptions<S extends string>(
  query: ListQuery<S>,
): { limit: number; offset: number; orderBy: Record<S, SortOrder> } {
  return {
    limit: query.perPage,
    offset: (query.page - 1) * query.perPage,
    orderBy: { [query.sort]: query.order } as Record<S, SortOrder>,
  };
}
