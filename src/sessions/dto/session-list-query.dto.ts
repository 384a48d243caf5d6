import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { listQuery } from '../../common/pagination/list-query.js';
import { SESSION_STATUSES, type SessionStatus } from '../tasting-session.entity.js';

/** Query strings carry text: `true` and `false` become booleans, anything else stays and fails validation. */
function queryBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/**
 * Query of `GET /sessions`: the list convention (latest start first by default; `q` searches the
 * title) plus filters.
 */
export class SessionListQuery extends listQuery(['startsAt', 'title', 'status'], 'startsAt', 'DESC') {
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  /** Only blind sessions (`true`) or only open ones (`false`). */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  blind?: boolean;
}
