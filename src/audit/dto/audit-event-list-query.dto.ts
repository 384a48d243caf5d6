import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { listQuery } from '../../common/pagination/list-query.js';

/** Query of `GET /audit-events`: the list convention plus filters by action and actor. */
export class AuditEventListQuery extends listQuery(['at', 'action'], 'at', 'DESC') {
  /** Only this action, e.g. `auth.login_failed`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  /** Only events by this user. */
  @IsOptional()
  @IsUUID()
  actorId?: string;
}
