import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { listQuery } from '../../../common/pagination/list-query.js';
import { BOTTLE_STATUSES, type BottleStatus } from '../bottle.entity.js';

/**
 * Query of `GET /bottles`: the list convention (newest first by default; `q` searches the whisky's
 * name) plus filters. The file ends in `.dto.ts` so the Swagger plugin documents the filters.
 */
export class BottleListQuery extends listQuery(
  ['createdAt', 'purchasedAt', 'status', 'currentVolumeMl'],
  'createdAt',
  'DESC',
) {
  @IsOptional()
  @IsIn(BOTTLE_STATUSES)
  status?: BottleStatus;

  /** Only bottles of this whisky. */
  @IsOptional()
  @IsUUID()
  whiskyId?: string;

  /** Only bottles kept at this location. */
  @IsOptional()
  @IsUUID()
  locationId?: string;

  /**
   * Only bottles whose `fillPercent` is below this percentage (e.g. `fillBelow=20&status=open`: open
   * bottles running low).
   * @example 20
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  fillBelow?: number;
}
