import type { Role } from '../users/user.entity.js';
import type { AppRole, LogLevel, NodeEnv, StorageTargetMode } from './environment.schema.js';

/** The single sign-on provider the OIDC_* variables configure. */
export interface EnvironmentSsoProvider {
  readonly issuerUrl: string;
  readonly clientId: string;
  /** Undefined for a public client (PKCE only). */
  readonly clientSecret: string | undefined;
  readonly buttonLabel: string;
  readonly scopes: string;
  readonly autoProvision: boolean;
  readonly defaultRole: Role;
  readonly groupsClaim: string;
  readonly groupRoleMap: Readonly<Record<string, Role>>;
}

/** The plain values an {@link AppConfig} is built from. */
export type AppConfigValues = Pick<
  AppConfig,
  | 'env'
  | 'role'
  | 'logLevel'
  | 'dataDir'
  | 'http'
  | 'database'
  | 'redis'
  | 'auth'
  | 'mail'
  | 'metrics'
  | 'console'
  | 'storage'
  | 'photos'
  | 'backups'
  | 'sso'
  | 'shutdownTimeoutMs'
>;

/**
 * The validated, typed configuration of one process. Built once at boot by {@link loadConfig} and
 * injected wherever configuration is needed; nothing else reads `process.env`.
 */
export class AppConfig {
  readonly env: NodeEnv;
  readonly role: AppRole;
  readonly logLevel: LogLevel;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly publicUrl: string;
    /** Origins allowed by CORS; empty means CORS is off. */
    readonly corsOrigins: readonly string[];
    /** Maximum JSON body size in bytes. */
    readonly bodyLimitBytes: number;
    /** Which proxies' X-Forwarded-* headers are believed (proxy-addr syntax). */
    readonly trustProxy: string;
  };
  readonly database: {
    /** Connection URL; `undefined` means "start the embedded PostgreSQL". */
    readonly url: string | undefined;
    /** The schema owner's connection URL (DATABASE_MIGRATION_URL); `undefined`: {@link url} is used. */
    readonly migrationUrl: string | undefined;
  };
  readonly redis: {
    /** Connection URL; `undefined` means "use or start a local redis-server". */
    readonly url: string | undefined;
  };
  readonly auth: {
    readonly jwtSecret: string;
    /** Unverified users may read but not write. */
    readonly requireEmailVerification: boolean;
    /** Requests per minute per IP to the authentication endpoints. */
    readonly rateLimitPerMinute: number;
  };
  readonly mail: {
    /** SMTP server URL; `undefined` means mail is not configured. */
    readonly smtpUrl: string | undefined;
    readonly from: string;
  };
  readonly metrics: {
    readonly token: string | undefined;
    /** The commit this installation was built from (BUILD_COMMIT), for `whiskey_build_info`. */
    readonly buildCommit: string;
  };
  readonly console: {
    /** Absolute path of the built console; `undefined` means the installation's dist/admin. */
    readonly distDir: string | undefined;
    /** Grafana's address for the console's dashboard link; `undefined` hides the link. */
    readonly grafanaUrl: string | undefined;
  };
  readonly storage: {
    /** Which resolved addresses storage back ends may connect to (SSRF guard). */
    readonly targets: StorageTargetMode;
    /**
     * STORAGE_SECRET_KEY, decoded (32 bytes); `undefined`: the key file in DATA_DIR is used (see
     * `storageSecretKey`).
     */
    readonly secretKey: Buffer | undefined;
  };
  readonly photos: {
    /** Largest photo upload in bytes. */
    readonly maxUploadBytes: number;
  };
  readonly backups: {
    /** Folder of pg_dump / pg_restore; `undefined`: found on PATH. */
    readonly pgBinDir: string | undefined;
  };
  readonly sso: {
    /** The provider of the OIDC_* variables; `undefined` when OIDC_ISSUER_URL is unset. */
    readonly environmentProvider: EnvironmentSsoProvider | undefined;
    /** OIDC_ALLOW_HTTP: issuers may use plain http:// beyond this machine. */
    readonly allowHttpIssuers: boolean;
  };
  readonly shutdownTimeoutMs: number;

  constructor(values: AppConfigValues) {
    this.env = values.env;
    this.role = values.role;
    this.logLevel = values.logLevel;
    this.dataDir = values.dataDir;
    this.http = values.http;
    this.database = values.database;
    this.redis = values.redis;
    this.auth = values.auth;
    this.mail = values.mail;
    this.metrics = values.metrics;
    this.console = values.console;
    this.storage = values.storage;
    this.photos = values.photos;
    this.backups = values.backups;
    this.sso = values.sso;
    this.shutdownTimeoutMs = values.shutdownTimeoutMs;
  }

  get isProduction(): boolean {
    return this.env === 'production';
  }

  /** Whether this process serves HTTP requests. */
  get runsApi(): boolean {
    return this.role !== 'worker';
  }

  /** Whether this process consumes queue jobs. */
  get runsWorker(): boolean {
    return this.role !== 'api';
  }

  /** The PostgreSQL URL to connect to; fails loudly if the embedded database was not started. */
  get databaseUrl(): string {
    if (!this.database.url) throw new Error('No database URL: start the embedded PostgreSQL first');
    return this.database.url;
  }

  /**
   * The PostgreSQL URL of the schema's owner, for what changes the schema itself: migrations, backup
   * restores and restore drills. The runtime {@link databaseUrl} when DATABASE_MIGRATION_URL is unset.
   */
  get migrationDatabaseUrl(): string {
    return this.database.migrationUrl ?? this.databaseUrl;
  }

  /** The Redis URL to connect to; fails loudly if no local Redis was resolved. */
  get redisUrl(): string {
    if (!this.redis.url) throw new Error('No Redis URL: resolve the local Redis first');
    return this.redis.url;
  }

  /** A copy of this configuration for a process of another role (the worker entry point). */
  withRole(role: AppRole): AppConfig {
    return new AppConfig({ ...this, role });
  }

  /** A copy of this configuration with the connection URLs of locally started services filled in. */
  withConnections(connections: { databaseUrl?: string; redisUrl?: string }): AppConfig {
    return new AppConfig({
      ...this,
      database: { ...this.database, url: connections.databaseUrl ?? this.database.url },
      redis: { url: connections.redisUrl ?? this.redis.url },
    });
  }
}
