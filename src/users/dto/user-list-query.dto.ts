import { IsIn, IsOptional } from 'class-validator';
import { listQuery } from '../../common/pagination/list-query.js';
import { ROLES, type Role } from '../user.entity.js';

/** Query of `GET /users`: the list convention plus a role filter. */
export class UserListQuery extends listQuery(['createdAt', 'email', 'displayName'], 'createdAt') {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
