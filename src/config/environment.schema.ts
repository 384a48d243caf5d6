import { Transform } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { STORAGE_SECRET_KEY_PATTERN } from './storage-secret-key.js';

/** Which parts of the application a process runs. */
export const APP_ROLES = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which addresses storage back ends may connect to (see STORAGE_TARGETS). */
export const STORAGE_TARGET_MODES = ['public', 'lan', 'any'] as const;
export type StorageTargetMode = (typeof STORAGE_TARGET_MODES)[number];

/** `group=role` pairs separated by commas, as OIDC_GROUP_ROLE_MAP takes them. */
export const GROUP_ROLE_MAP_PATTERN =
  /^\s*[^=,\s][^=,]*=\s*(admin|user|read_only)\s*(,\s*[^=,\s][^=,]*=\s*(admin|user|read_only)\s*)*$/;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The environment variables the application understands, with their defaults.
 * Every variable is documented in `.env.example`; a test keeps the two in sync.
 * A field's TSDoc is its documentation there and in the README's configuration table.
 */
export class EnvironmentVariables {
  /** `development` (default), `production` or `test`. Production requires JWT_SECRET, DATABASE_URL and REDIS_URL. */
  @IsIn(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV: NodeEnv = 'development';

  /** TCP port the HTTP server listens on. */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT = 3000;

  /** Interface the HTTP server binds to (`0.0.0.0` for all, `127.0.0.1` for this machine only). */
  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  /**
   * PostgreSQL connection URL (`postgresql://user:pass@host:5432/db`). When unset outside production,
   * an embedded PostgreSQL is started in DATA_DIR/pg.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * PostgreSQL connection URL of the role that owns the schema (ops/db/bootstrap.sql creates it):
   * migrations at start-up and `npm run migration:*`, backup restores and restore drills use it;
   * DATABASE_URL can then name a role limited to reading and writing rows. Requires DATABASE_URL
   * (same database). Unset: DATABASE_URL is used for everything.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgresql:// URL' })
  DATABASE_MIGRATION_URL?: string;

  /**
   * Redis connection URL (`redis://host:6379/0`). When unset in development and nothing listens on
   * 127.0.0.1:6379, a `redis-server` found on PATH is started with its data in DATA_DIR/redis.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** `all` (HTTP API and job worker in one process), `api` (HTTP only) or `worker` (jobs only). */
  @IsEnum(APP_ROLES, { message: `must be one of ${APP_ROLES.join(', ')}` })
  APP_ROLE: AppRole = 'all';

  /**
   * Secret that signs access tokens (at least 32 characters). Required in production; in development a
   * random one is generated once and kept in DATA_DIR/jwt-secret.
   */
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  JWT_SECRET?: string;

  /** Directory for local state: embedded database, generated secrets, local storage. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** Log verbosity: fatal, error, warn, info, debug, trace or silent. */
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** The URL people use to reach this instance (links in mails, OpenAPI server, passkeys). */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  PUBLIC_URL = 'http://localhost:3000';

  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters long' })
  METRICS_TOKEN?: string;

  /**
   * The source commit this installation was built from (e.g. `git rev-parse --short HEAD`), shown in
   * the `commit` label of `whiskey_build_info`. Set by the image build; `unknown` when not set.
   */
  @Matches(/^[\w.+-]{1,64}$/, {
    message: 'must be 1 to 64 letters, digits, dots, dashes, plus signs or underscores (a commit hash)',
  })
  BUILD_COMMIT = 'unknown';

  /**
   * Proxies whose X-Forwarded-For is believed, as addresses, CIDRs or the names `loopback`,
   * `linklocal`, `uniquelocal` (comma-separated). The client IP drives rate limits and audit entries.
   */
  @IsString()
  @Matches(/^[\w.:/, -]+$/, {
    message: 'must be a comma-separated list of addresses, CIDRs or proxy-addr names',
  })
  TRUST_PROXY = 'loopback,uniquelocal';

  /** Folder of the built console served at /admin (default: `dist/admin` of this installation). */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;

  /**
   * Address of your Grafana (e.g. `http://nas.local:3001`); the console's dashboard links to it.
   * Unset: no Grafana link.
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  GRAFANA_URL?: string;

  /** Comma-separated origins allowed by CORS (e.g. `https://whisky.example.org`); empty = CORS off. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * Outgoing mail server as a URL (`smtp://user:pass@host:587`, `smtps://…:465`). Unset: mail
   * features (verification, password reset) are off, and in development mails are written to the log.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of outgoing mail. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Whiskey Tracker <whiskey-tracker@localhost>';

  /**
   * Whether users must verify their email address before they can change anything: `true`, `false`, or
   * `auto` (required exactly when SMTP_URL is set, since without mail nobody could verify).
   */
  @IsIn(['auto', 'true', 'false'], { message: 'must be one of auto, true, false' })
  REQUIRE_EMAIL_VERIFICATION: 'auto' | 'true' | 'false' = 'auto';

  /** Largest photo upload, in MiB; a larger one is refused with 413. */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 100' })
  @Min(1, { message: 'must be an integer between 1 and 100' })
  @Max(100, { message: 'must be an integer between 1 and 100' })
  PHOTO_MAX_MB = 15;

  /**
   * Folder holding the `pg_dump`, `pg_restore` and `psql` that backups use, when the ones on PATH are
   * older than the PostgreSQL server (e.g. `/usr/lib/postgresql/18/bin`). Unset: they are found on PATH.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  PG_BIN_DIR?: string;

  /**
   * Requests per minute one IP address may make to the sign-in, registration, refresh, verification
   * and password-reset endpoints (one account gets half of it). Beyond it: 429 with Retry-After.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 2 and 100000' })
  @Min(2, { message: 'must be an integer between 2 and 100000' })
  @Max(100_000, { message: 'must be an integer between 2 and 100000' })
  AUTH_RATE_LIMIT = 30;

  /** Seconds a graceful shutdown may take to finish in-flight requests and the active job. */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 600' })
  @Min(1, { message: 'must be an integer between 1 and 600' })
  @Max(600, { message: 'must be an integer between 1 and 600' })
  SHUTDOWN_TIMEOUT_SECONDS = 25;

  /**
   * Which addresses storage back ends (S3, WebDAV, SFTP, rclone) may connect to, checked on the
   * address a host name resolves to when connecting: `public` (internet only), `lan` (also private
   * ranges such as a NAS on 192.168.x.x; not this machine) or `any` (also loopback, e.g. a MinIO on
   * this host). Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, …) are always
   * refused.
   */
  @IsIn(STORAGE_TARGET_MODES, { message: `must be one of ${STORAGE_TARGET_MODES.join(', ')}` })
  STORAGE_TARGETS: StorageTargetMode = 'lan';

  /**
   * Key that encrypts storage secrets (passwords, access keys, rclone configs) at rest with
   * AES-256-GCM: 32 bytes as 64 hex digits or base64 (`openssl rand -base64 32`). Unset: a key is
   * generated once in DATA_DIR/storage-secret-key, which is fine in production if that file is backed
   * up with the database. Set it when the API and the worker do not share DATA_DIR. Changing it makes
   * the stored secrets unreadable (they must be entered again).
   */
  @IsOptional()
  @Matches(STORAGE_SECRET_KEY_PATTERN, { message: 'must be 32 bytes as 64 hex digits or base64' })
  STORAGE_SECRET_KEY?: string;

  /**
   * Issuer URL of an OpenID Connect provider for single sign-on (e.g.
   * `https://auth.example.org/application/o/whiskey/`), discovered through its
   * `.well-known/openid-configuration`. Set: a "Sign in with…" button appears on the login screen; register
   * `<PUBLIC_URL>/api/v1/auth/sso/oidc/callback` as the redirect URI at the provider. More providers can be
   * added by admins in the console.
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  OIDC_ISSUER_URL?: string;

  /** Client id of this application at the OpenID Connect provider (required with OIDC_ISSUER_URL). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  /** Client secret at the OpenID Connect provider; unset for a public client (PKCE only). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  /** Text of the single sign-on button on the login screen. */
  @IsString()
  @MinLength(1)
  OIDC_BUTTON_LABEL = 'Sign in with SSO';

  /** Space-separated scopes asked of the OpenID Connect provider; must include `openid`. */
  @Matches(/(^|\s)openid(\s|$)/, { message: 'must be space-separated scopes including openid' })
  OIDC_SCOPES = 'openid email profile';

  /**
   * Whether people the OpenID Connect provider knows but this instance does not get an account on their
   * first sign-in (in the founding household, with OIDC_DEFAULT_ROLE), provided the provider verified their
   * email address. `false`: only existing accounts (matched by verified email) can sign in.
   */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  OIDC_AUTO_PROVISION: 'true' | 'false' = 'false';

  /** Role of accounts created by OIDC_AUTO_PROVISION when no group maps to one: admin, user or read_only. */
  @IsIn(['admin', 'user', 'read_only'], { message: 'must be one of admin, user, read_only' })
  OIDC_DEFAULT_ROLE: 'admin' | 'user' | 'read_only' = 'user';

  /** Claim of the ID token or userinfo that lists the person's groups, for OIDC_GROUP_ROLE_MAP. */
  @IsString()
  @MinLength(1)
  OIDC_GROUPS_CLAIM = 'groups';

  /**
   * Groups that give a role, as `group=role` pairs separated by commas (e.g.
   * `whisky-admins=admin,whisky-friends=read_only`); the highest role wins, and it is applied at every
   * sign-in. Unset: roles are managed here, not by the provider.
   */
  @IsOptional()
  @Matches(GROUP_ROLE_MAP_PATTERN, {
    message: 'must be group=role pairs separated by commas (roles: admin, user, read_only)',
  })
  OIDC_GROUP_ROLE_MAP?: string;

  /**
   * Whether OpenID Connect issuers may use plain http:// on other hosts than this machine (`true` or
   * `false`). Leave it `false`: over http the provider's answers can be forged on the way.
   */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  OIDC_ALLOW_HTTP: 'true' | 'false' = 'false';
}

/** Parses OIDC_GROUP_ROLE_MAP (already validated by {@link GROUP_ROLE_MAP_PATTERN}) into group → role. */
export function parseGroupRoleMap(text: string | undefined): Record<string, 'admin' | 'user' | 'read_only'> {
  return Object.fromEntries(
    (text ?? '')
      .split(',')
      .filter((pair) => pair.trim() !== '')
      .map((pair) => {
        const at = pair.lastIndexOf('=');
        return [pair.slice(0, at).trim(), pair.slice(at + 1).trim() as 'admin' | 'user' | 'read_only'];
      }),
  );
}
