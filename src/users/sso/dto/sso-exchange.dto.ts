import { IsString, MaxLength, MinLength } from 'class-validator';

/** The one-time code the console received at `/admin/sso-complete?code=…`. */
export class SsoExchangeDto {
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  code: string;
}
