import { IsIn, IsInt, Min } from 'class-validator';
import { REGISTRATION_MODES, type RegistrationMode } from '../registration-mode.js';

/** Who may create accounts on this instance. */
export class RegistrationSettingsDto {
  mode: RegistrationMode;
  /** 0 while the default applies. */
  version: number;
}

/** Change who may create accounts. */
export class UpdateRegistrationSettingsDto {
  @IsIn(REGISTRATION_MODES)
  mode: RegistrationMode;

  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(0)
  version: number;
}
