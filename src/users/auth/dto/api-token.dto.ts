import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { API_TOKEN_SCOPES, type ApiToken, type ApiTokenScope } from '../api-token.entity.js';

/** A new personal API token. */
export class CreateApiTokenDto {
  /** What it is for. @example "Home Assistant" */
  @IsString()
  @Length(1, 100)
  name: string;

  /** `read` tokens can only use GET routes. */
  @IsIn(API_TOKEN_SCOPES)
  scope: ApiTokenScope;

  /** When it stops working; omit for no expiry. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

/** A personal API token (without its secret). */
export class ApiTokenDto {
  id: string;
  name: string;
  scope: ApiTokenScope;
  /** Its first characters, to tell tokens apart. @example "wt_Xk3a9Qz" */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;

  static from(apiToken: ApiToken): ApiTokenDto {
    return Object.assign(new ApiTokenDto(), {
      id: apiToken.id,
      name: apiToken.name,
      scope: apiToken.scope,
      prefix: apiToken.prefix,
      createdAt: apiToken.createdAt,
      expiresAt: apiToken.expiresAt ?? null,
      lastUsedAt: apiToken.lastUsedAt ?? null,
    });
  }
}

/** A token just created: the only time its secret is shown. */
export class CreatedApiTokenDto extends ApiTokenDto {
  /** Use as `Authorization: Bearer <token>`. It cannot be shown again. */
  token: string;
}
