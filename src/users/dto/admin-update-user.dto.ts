import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { ROLES, type Role } from '../user.entity.js';

/** What an admin may change about another account of the household. */
export class AdminUpdateUserDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Disabling signs the user out everywhere and refuses their sign-ins. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
