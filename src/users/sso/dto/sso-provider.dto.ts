import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { listQuery } from '../../../common/pagination/list-query.js';
import { ROLES, type Role } from '../../user.entity.js';
import {
  DEFAULT_SCOPES,
  RESERVED_SLUGS,
  SLUG_PATTERN,
  type SsoProviderView,
} from '../sso-provider-settings.js';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Scopes with any run of whitespace as one space, so they can be pasted from a provider's docs. */
const normaliseScopes = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().split(/\s+/).join(' ') : value;

/** Most groups one provider can map; more would be a mapping to redo, not to keep here. */
const MAX_GROUP_MAPPINGS = 100;
const ISSUER_URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };
/** Scope tokens (RFC 6749 §3.3) separated by single spaces, `openid` among them. */
const SCOPES_PATTERN = /^(?=(?:.* )?openid(?: |$))[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*$/;

/** Accepts an object of at most {@link MAX_GROUP_MAPPINGS} group names (1–200 characters) → roles. */
function IsGroupRoleMap(): PropertyDecorator {
  return ValidateBy({
    name: 'isGroupRoleMap',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= MAX_GROUP_MAPPINGS &&
        Object.entries(value).every(
          ([group, role]) =>
            group.trim().length > 0 && group.length <= 200 && (ROLES as readonly unknown[]).includes(role),
        ),
      defaultMessage: () =>
        `must map at most ${MAX_GROUP_MAPPINGS} group names (1 to 200 characters) to a role: ${ROLES.join(', ')}`,
    },
  });
}

const GROUP_ROLE_MAP_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'string', enum: [...ROLES] },
  example: { 'whisky-admins': 'admin', 'whisky-friends': 'read_only' },
};

/** A new OpenID Connect provider; its issuer is discovered before it is saved. */
export class CreateSsoProviderDto {
  /**
   * In the sign-in URLs; cannot change later, since the provider knows the callback URL
   * `<PUBLIC_URL>/api/v1/auth/sso/<slug>/callback`. @example "authentik"
   */
  @Matches(SLUG_PATTERN, { message: 'must be 1 to 40 lower-case letters, digits and inner dashes' })
  @IsNotIn(RESERVED_SLUGS, { message: `must not be one of ${RESERVED_SLUGS.join(', ')}` })
  slug: string;

  /** @example "Authentik" */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Text of the button on the login screen. @example "Sign in with Authentik" */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  buttonLabel: string;

  /**
   * The provider's issuer identifier; `https://` (plain http only for this machine or with
   * OIDC_ALLOW_HTTP=true). @example "https://auth.example.org/application/o/whiskey/"
   */
  @IsUrl(ISSUER_URL_OPTIONS, { message: 'must be an http(s) URL' })
  @MaxLength(500)
  issuerUrl: string;

  /** @example "whiskey-tracker" */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  clientId: string;

  /** Secret (write-only), encrypted at rest and never returned; omit for a public client (PKCE only). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  clientSecret?: string;

  /** Space-separated, including `openid`. @example "openid email profile groups" */
  @ApiPropertyOptional({ default: DEFAULT_SCOPES })
  @IsOptional()
  @Transform(normaliseScopes)
  @IsString()
  @MaxLength(500)
  @Matches(SCOPES_PATTERN, { message: 'must be space-separated scopes including openid' })
  scopes?: string;

  /**
   * Give people with a verified email that no account has an account on their first sign-in.
   * Default false: only existing accounts can sign in.
   */
  @IsOptional()
  @IsBoolean()
  autoProvision?: boolean;

  /** Household of auto-provisioned accounts; omitted or null: the founding household. */
  @IsOptional()
  @IsUUID()
  householdId?: string | null;

  /** Role of auto-provisioned accounts whose groups map to none. Default `user`. */
  @IsOptional()
  @IsIn(ROLES)
  defaultRole?: Role;

  /** Claim listing the person's groups. Default `groups`. @example "groups" */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  groupsClaim?: string;

  /**
   * Group → role, applied at every sign-in (the highest role wins; with the claim present and no
   * group mapped, the default role). Empty (default): roles are managed here.
   */
  @ApiPropertyOptional(GROUP_ROLE_MAP_SCHEMA)
  @IsOptional()
  @IsGroupRoleMap()
  groupRoleMap?: Record<string, Role>;

  /** Whether its button is offered and sign-ins through it work. Default true. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Changes to a provider: only the fields sent change; the slug cannot. */
export class UpdateSsoProviderDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  // ValidateIf instead of IsOptional: only `undefined` means "unchanged", null is refused (400).
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  buttonLabel?: string;

  /** Changing it discovers the issuer again before saving. */
  @ValidateIf((_, value) => value !== undefined)
  @IsUrl(ISSUER_URL_OPTIONS, { message: 'must be an http(s) URL' })
  @MaxLength(500)
  issuerUrl?: string;

  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  clientId?: string;

  /** Secret (write-only): omitted keeps the stored one, null removes it (public client). */
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  clientSecret?: string | null;

  @ValidateIf((_, value) => value !== undefined)
  @Transform(normaliseScopes)
  @IsString()
  @MaxLength(500)
  @Matches(SCOPES_PATTERN, { message: 'must be space-separated scopes including openid' })
  scopes?: string;

  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  autoProvision?: boolean;

  /** null: the founding household. */
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUUID()
  householdId?: string | null;

  @ValidateIf((_, value) => value !== undefined)
  @IsIn(ROLES)
  defaultRole?: Role;

  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  groupsClaim?: string;

  @ApiPropertyOptional(GROUP_ROLE_MAP_SCHEMA)
  @ValidateIf((_, value) => value !== undefined)
  @IsGroupRoleMap()
  groupRoleMap?: Record<string, Role>;

  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

/** Query of `GET /auth/sso/providers`: the list convention; `q` searches the slug and name. */
export class SsoProviderListQuery extends listQuery(['slug', 'name'], 'name') {}

/** An OpenID Connect provider as admins see it: everything but the client secret. */
export class SsoProviderDto {
  /** @example "authentik" */
  slug: string;
  /** `environment`: set by the OIDC_* variables, read-only here. */
  source: 'admin' | 'environment';
  /** @example "Authentik" */
  name: string;
  /** @example "Sign in with Authentik" */
  buttonLabel: string;
  /** @example "https://auth.example.org/application/o/whiskey/" */
  issuerUrl: string;
  clientId: string;
  /** Whether a client secret is stored (it is never shown). */
  clientSecretSet: boolean;
  /** @example "openid email profile" */
  scopes: string;
  autoProvision: boolean;
  /** Household of auto-provisioned accounts; null: the founding household. */
  householdId: string | null;
  defaultRole: Role;
  groupsClaim: string;
  @ApiProperty(GROUP_ROLE_MAP_SCHEMA)
  groupRoleMap: Record<string, Role>;
  enabled: boolean;
  /**
   * The redirect URI to register at the provider.
   * @example "https://whisky.example.org/api/v1/auth/sso/authentik/callback"
   */
  callbackUrl: string;
  /** Send it back when changing the provider; 0 for the environment's provider. */
  version: number;

  static from(provider: SsoProviderView, callbackUrl: string): SsoProviderDto {
    return Object.assign(new SsoProviderDto(), {
      slug: provider.slug,
      source: provider.source,
      name: provider.name,
      buttonLabel: provider.buttonLabel,
      issuerUrl: provider.issuerUrl,
      clientId: provider.clientId,
      clientSecretSet: provider.clientSecretSet,
      scopes: provider.scopes,
      autoProvision: provider.autoProvision,
      householdId: provider.householdId,
      defaultRole: provider.defaultRole,
      groupsClaim: provider.groupsClaim,
      groupRoleMap: provider.groupRoleMap,
      enabled: provider.enabled,
      callbackUrl,
      version: provider.version,
    });
  }
}

/** A sign-in button of the login screen. */
export class SsoProviderButtonDto {
  /** @example "authentik" */
  slug: string;
  /** @example "Sign in with Authentik" */
  buttonLabel: string;
  /** Open it in the browser (not with fetch) to sign in. @example "/api/v1/auth/sso/authentik/start" */
  startUrl: string;
}
