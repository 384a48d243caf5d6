import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { listQuery } from '../../../common/pagination/list-query.js';
import { POUR_REASONS, type PourReason } from '../pour.entity.js';

/**
 * Query of `GET /bottles/{id}/pours`: the list convention (latest first by default) plus filters.
 * The file ends in `.dto.ts` so the Swagger plugin documents the filters.
 */
export class BottlePourListQuery extends listQuery(['pouredAt', 'ml'], 'pouredAt', 'DESC') {
  @IsOptional()
  @IsIn(POUR_REASONS)
  reason?: PourReason;

  /** Only pours that served this tasting session. */
  @IsOptional()
  @IsUUID()
  tastingSessionId?: string;

  /** Only pours at or after this instant. @example "2025-01-01T00:00:00Z" */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Only pours at or before this instant. @example "2025-12-31T23:59:59Z" */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

/** Query of `GET /pours`: the same, across bottles, with a bottle filter. */
export class PourListQuery extends BottlePourListQuery {
  /** Only pours from this bottle. */
  @IsOptional()
  @IsUUID()
  bottleId?: string;
}
