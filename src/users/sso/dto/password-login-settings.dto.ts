import { IsIn, IsInt, Min } from 'class-validator';
import { PASSWORD_LOGIN_MODES, type PasswordLoginMode } from '../password-login-policy.service.js';

/** Who may sign in with a password; admins always may (break-glass). */
export class PasswordLoginSettingsDto {
  /** `admins_only`: everyone else must use single sign-on. */
  mode: PasswordLoginMode;
  /** 0 while the default (`everyone`) applies. */
  version: number;
}

/** Change who may sign in with a password. */
export class UpdatePasswordLoginSettingsDto {
  @IsIn(PASSWORD_LOGIN_MODES)
  mode: PasswordLoginMode;

  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(0)
  version: number;
}
