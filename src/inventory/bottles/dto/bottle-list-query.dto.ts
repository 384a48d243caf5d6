import { IsIn, IsOptional, IsUUID } from 'class-validator';
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
}
