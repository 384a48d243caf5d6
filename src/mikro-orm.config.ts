import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from './config/app-config.js';
import { AuditEvent } from './audit/audit-event.entity.js';
import { Bottle } from './inventory/bottles/bottle.entity.js';
import { InfinityBottle } from './inventory/infinity/infinity-bottle.entity.js';
import { InfinityEntry } from './inventory/infinity/infinity-entry.entity.js';
import { Location } from './inventory/locations/location.entity.js';
import { Pour } from './inventory/pours/pour.entity.js';
import { Photo } from './inventory/photos/photo.entity.js';
import { WhiskyBarcode } from './inventory/whiskies/whisky-barcode.entity.js';
import { Whisky } from './inventory/whiskies/whisky.entity.js';
import { FlavourTag } from './sessions/flavours/flavour-tag.entity.js';
import { FlightItem } from './sessions/flight-item.entity.js';
import { TastingNote } from './sessions/notes/tasting-note.entity.js';
import { Participant } from './sessions/participant.entity.js';
import { TastingSession } from './sessions/tasting-session.entity.js';
import { InstanceSetting } from './settings/instance-setting.entity.js';
import { BackupPhotoObject } from './backups/backup-photo-object.entity.js';
import { BackupPolicy } from './backups/backup-policy.entity.js';
import { BackupRun } from './backups/backup-run.entity.js';
import { StorageProviderConfig } from './storage/configs/storage-provider-config.entity.js';
import { ApiToken } from './users/auth/api-token.entity.js';
import { AuthSession } from './users/auth/auth-session.entity.js';
import { OneTimeCode } from './users/auth/one-time-code.entity.js';
import { RefreshToken } from './users/auth/refresh-token.entity.js';
import { Household } from './users/households/household.entity.js';
import { Invite } from './users/households/invite.entity.js';
import { MfaChallenge } from './users/mfa/mfa-challenge.entity.js';
import { RecoveryCode } from './users/mfa/recovery-code.entity.js';
import { UserTotp } from './users/mfa/user-totp.entity.js';
import { Passkey } from './users/passkeys/passkey.entity.js';
import { SsoProvider } from './users/sso/sso-provider.entity.js';
import { UserIdentity } from './users/sso/user-identity.entity.js';
import { User } from './users/user.entity.js';

/** Every entity of the application: the one list used by the app, the migration CLI and the tests. */
export const ENTITIES = [
  InstanceSetting,
  AuditEvent,
  Household,
  User,
  AuthSession,
  RefreshToken,
  ApiToken,
  OneTimeCode,
  UserTotp,
  RecoveryCode,
  MfaChallenge,
  Passkey,
  SsoProvider,
  UserIdentity,
  Invite,
  Whisky,
  WhiskyBarcode,
  Location,
  Bottle,
  Pour,
  Photo,
  InfinityBottle,
  InfinityEntry,
  TastingSession,
  Participant,
  FlightItem,
  FlavourTag,
  TastingNote,
  StorageProviderConfig,
  BackupPolicy,
  BackupRun,
  BackupPhotoObject,
];

/**
 * Where migrations live: `migrations/*.ts` when running from source (tests, CLI),
 * `dist/migrations/*.js` when running the build.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Milliseconds to wait for a database connection before failing, so a dead database fails fast. */
const CONNECT_TIMEOUT_MS = 5000;

/** The one MikroORM configuration, shared by the app, the migration CLI and the tests. */
export function createOrmOptions(config: AppConfig, overrides: Partial<Options> = {}): Options {
  return ormOptions(config.databaseUrl, `whiskey-tracker-${config.role}`, overrides);
}

/**
 * The same configuration, connected as the schema's owner (DATABASE_MIGRATION_URL, see
 * {@link AppConfig.migrationDatabaseUrl}): for migrations, which the runtime role may not run.
 */
export function createMigrationOrmOptions(config: AppConfig, overrides: Partial<Options> = {}): Options {
  return ormOptions(config.migrationDatabaseUrl, `whiskey-tracker-${config.role}-migrations`, overrides);
}

function ormOptions(clientUrl: string, applicationName: string, overrides: Partial<Options>): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    debug: false,
    colors: false,
    pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
    driverOptions: {
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: applicationName,
    },
    schemaGenerator: {
      // The audit trail's append-only triggers are hand-written in its migration: MikroORM cannot
      // model a TRUNCATE trigger (information_schema.triggers omits them), so it must not offer to
      // drop the ones it sees.
      ignoreTriggers: true,
    },
    migrations: {
      path: MIGRATIONS_DIR,
      glob: '!(*.d).{js,ts}',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? `_${name}` : ''}`,
    },
    ...overrides,
  });
}
