import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { resolve } from 'node:path';
import { AppConfig } from './app-config.js';
import { ConfigError } from './config.error.js';
import { EnvironmentVariables, parseGroupRoleMap } from './environment.schema.js';
import { developmentJwtSecret } from './jwt-secret.js';
import { decodeSecretKey } from './storage-secret-key.js';

/** Maximum size of a JSON request body. */
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

export interface LoadConfigOptions {
  /** Called with a warning worth showing to the operator (e.g. a generated secret). */
  warn?: (message: string) => void;
}

/** Names of every environment variable the application reads. */
export function environmentVariableNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

function describe(error: ValidationError): string {
  const reasons = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
  return `${error.property} ${reasons} (got ${JSON.stringify(error.value)})`;
}

/**
 * Validates the environment and builds the {@link AppConfig}. Throws a {@link ConfigError} whose
 * message is one line naming the offending variable(s) and what is expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const known = environmentVariableNames();
  const raw = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.map(describe).join('; ')}`);
  }

  const production = vars.NODE_ENV === 'production';
  if (production && !vars.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  }
  if (production && !vars.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required when NODE_ENV=production');
  }
  if (vars.DATABASE_MIGRATION_URL && !vars.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration: DATABASE_MIGRATION_URL requires DATABASE_URL (the embedded PostgreSQL has one role)',
    );
  }
  if (production && !vars.REDIS_URL) {
    throw new ConfigError('Invalid configuration: REDIS_URL is required when NODE_ENV=production');
  }

  if (vars.OIDC_ISSUER_URL && !vars.OIDC_CLIENT_ID) {
    throw new ConfigError('Invalid configuration: OIDC_CLIENT_ID is required with OIDC_ISSUER_URL');
  }

  const dataDir = resolve(vars.DATA_DIR);
  let jwtSecret = vars.JWT_SECRET;
  if (!jwtSecret) {
    const generated = developmentJwtSecret(dataDir);
    jwtSecret = generated.secret;
    if (generated.created) {
      options.warn?.(
        `JWT_SECRET is not set: generated one in ${dataDir}/jwt-secret for development. Set JWT_SECRET in production.`,
      );
    }
  }

  return new AppConfig({
    env: vars.NODE_ENV,
    role: vars.APP_ROLE,
    logLevel: vars.LOG_LEVEL,
    dataDir,
    http: {
      port: vars.PORT,
      host: vars.HOST,
      publicUrl: vars.PUBLIC_URL.replace(/\/+$/, ''),
      corsOrigins: (vars.CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      bodyLimitBytes: JSON_BODY_LIMIT_BYTES,
      trustProxy: vars.TRUST_PROXY,
    },
    database: { url: vars.DATABASE_URL, migrationUrl: vars.DATABASE_MIGRATION_URL },
    redis: { url: vars.REDIS_URL },
    auth: {
      jwtSecret,
      rateLimitPerMinute: vars.AUTH_RATE_LIMIT,
      requireEmailVerification:
        vars.REQUIRE_EMAIL_VERIFICATION === 'auto'
          ? Boolean(vars.SMTP_URL)
          : vars.REQUIRE_EMAIL_VERIFICATION === 'true',
    },
    mail: { smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM },
    metrics: { token: vars.METRICS_TOKEN, buildCommit: vars.BUILD_COMMIT },
    console: {
      distDir: vars.CONSOLE_DIR && resolve(vars.CONSOLE_DIR),
      grafanaUrl: vars.GRAFANA_URL?.replace(/\/+$/, ''),
    },
    storage: {
      targets: vars.STORAGE_TARGETS,
      // The schema accepts only well-formed keys.
      secretKey: vars.STORAGE_SECRET_KEY === undefined ? undefined : decodeSecretKey(vars.STORAGE_SECRET_KEY),
    },
    photos: { maxUploadBytes: vars.PHOTO_MAX_MB * 2 ** 20 },
    backups: { pgBinDir: vars.PG_BIN_DIR },
    sso: {
      environmentProvider:
        vars.OIDC_ISSUER_URL && vars.OIDC_CLIENT_ID
          ? {
              issuerUrl: vars.OIDC_ISSUER_URL,
              clientId: vars.OIDC_CLIENT_ID,
              clientSecret: vars.OIDC_CLIENT_SECRET,
              buttonLabel: vars.OIDC_BUTTON_LABEL,
              scopes: vars.OIDC_SCOPES.trim().split(/\s+/).join(' '),
              autoProvision: vars.OIDC_AUTO_PROVISION === 'true',
              defaultRole: vars.OIDC_DEFAULT_ROLE,
              groupsClaim: vars.OIDC_GROUPS_CLAIM,
              groupRoleMap: parseGroupRoleMap(vars.OIDC_GROUP_ROLE_MAP),
            }
          : undefined,
      allowHttpIssuers: vars.OIDC_ALLOW_HTTP === 'true',
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
}
