/**
 * `npm run backup -- run <policy> | list | verify <run id> | restore <run id> --confirm <run id>`:
 * backups from the command line, with the application stopped. It boots the application's modules
 * without HTTP and as an `api` process (no queue processors: it never takes the worker's jobs) and
 * calls the backup services directly. Like the app it starts the embedded PostgreSQL when
 * DATABASE_URL is unset (development). Exit codes: 0 success, 1 failure, 2 usage error.
 *
 * Only Node's own modules are imported up front: the application's modules need Node 22.17, and
 * on an older Node the version check below must speak before they fail to load.
 */
import { stderr, stdout } from 'node:process';
import { messageOf } from '../src/common/errors/message-of.js';
import { unsupportedNodeMessage } from '../src/node-version.js';

const say = (text: string): void => void stdout.write(`${text}\n`);
const complain = (text: string): void => void stderr.write(`backup: ${text}\n`);

/** `redis://:secret@host:6379/2` → `redis://host:6379/2`: messages never show a password. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

async function main(): Promise<number> {
  const unsupported = unsupportedNodeMessage('npm run backup -- …');
  if (unsupported) {
    complain(unsupported);
    return 1;
  }
  await import('reflect-metadata');
  const cli = await import('../src/backups/cli/backup-cli.js');

  let command: ReturnType<Cli['parseBackupArgs']>;
  try {
    command = cli.parseBackupArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof cli.BackupUsageError)) throw error;
    complain(error.message);
    stderr.write(`\n${cli.BACKUP_CLI_USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    say(cli.BACKUP_CLI_USAGE);
    return 0;
  }

  const [{ ConfigError }, { loadConfig }, { startLocalServices }] = await Promise.all([
    import('../src/config/config.error.js'),
    import('../src/config/load-config.js'),
    import('../src/local-services.js'),
  ]);
  let config: AppConfig;
  try {
    // The command's own lines are its output: the app's log shows only warnings unless LOG_LEVEL says otherwise.
    config = loadConfig(
      { LOG_LEVEL: 'warn', ...process.env },
      { warn: (message) => complain(`warning: ${message}`) },
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      complain(error.message);
      return 1;
    }
    throw error;
  }
  let services;
  try {
    services = await startLocalServices(config.withRole('api'), (message) => complain(message));
  } catch (error) {
    complain(messageOf(error));
    return 1;
  }
  try {
    return await withApplication(services.config, cli, command);
  } finally {
    await services.stop();
  }
}

type Cli = typeof import('../src/backups/cli/backup-cli.js');
type AppConfig = import('../src/config/app-config.js').AppConfig;

/**
 * Redis must answer before the application boots: its queues (and a restore's write pause, which
 * keeps a running app's API from writing meanwhile) live there, and the boot would otherwise wait
 * for it without end.
 */
async function assertRedisReachable(url: string): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    complain(
      `Redis is not reachable at ${redactedUrl(url)} (${messageOf(error)}). ` +
        'The backup command needs it: the job queues live there, and a restore pauses the API’s writes through it. ' +
        'Start Redis, or set REDIS_URL to where it runs.',
    );
    return false;
  } finally {
    redis.disconnect();
  }
}

async function withApplication(
  config: AppConfig,
  cli: Cli,
  command: Exclude<ReturnType<Cli['parseBackupArgs']>, { kind: 'help' }>,
): Promise<number> {
  if (!(await assertRedisReachable(config.redisUrl))) return 1;
  const [
    { NestFactory },
    { Logger },
    { EntityManager, RequestContext },
    { AppModule },
    { AuditService },
    { BackupOperations },
    { BackupPoliciesService },
    { BackupRunsService },
  ] = await Promise.all([
    import('@nestjs/core'),
    import('nestjs-pino'),
    import('@mikro-orm/postgresql'),
    import('../src/app.module.js'),
    import('../src/audit/audit.service.js'),
    import('../src/backups/backup-operations.service.js'),
    import('../src/backups/policies/backup-policies.service.js'),
    import('../src/backups/runs/backup-runs.service.js'),
  ]);

  let app;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      bufferLogs: true,
      abortOnError: false,
    });
  } catch (error) {
    complain(`cannot start: ${messageOf(error)}`);
    return 1;
  }
  try {
    app.useLogger(app.get(Logger));
    app.flushLogs();
    const services = {
      policies: app.get(BackupPoliciesService, { strict: false }),
      runs: app.get(BackupRunsService, { strict: false }),
      operations: app.get(BackupOperations, { strict: false }),
      audit: app.get(AuditService, { strict: false }),
    };
    // No HTTP request opens a MikroORM context here: the command gets one of its own.
    return await RequestContext.create(app.get(EntityManager), () =>
      cli.executeBackupCommand(command, services, { line: say }),
    );
  } catch (error) {
    complain(messageOf(error));
    return 1;
  } finally {
    await app.close();
  }
}

process.exit(
  await main().catch((error: unknown) => {
    complain(messageOf(error));
    return 1;
  }),
);
