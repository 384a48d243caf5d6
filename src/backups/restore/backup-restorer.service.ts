import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ConflictError } from '../../common/errors/domain-error.js';
import { PhotoStorageSelectionService } from '../../storage/configs/photo-storage-selection.service.js';
import type { StorageProvider } from '../../storage/storage-provider.js';
import { BackupRun } from '../backup-run.entity.js';
import { PgTools } from '../database/pg-tools.js';
import { BackupIdentityService } from '../identity/backup-identity.service.js';
import { BackupReader } from '../pipeline/backup-reader.js';
import { BackupRunner } from '../pipeline/backup-runner.service.js';
import { BackupTargets, closeTargets } from '../pipeline/backup-targets.js';
import type { BackupManifest } from '../pipeline/manifest.js';
import { BACKUP_STATE_TABLES } from '../pipeline/runtime-tables.js';
import { WritePause } from './write-pause.js';

/** Where a restore keeps the backup history while the database is replaced. */
const KEEP_SCHEMA = 'whiskey_restore_keep';

/** `backup_run` of `public.backup_run`. */
function bare(table: string): string {
  return table.slice(table.indexOf('.') + 1);
}

/** What a restore did. */
export interface RestoreOutcome {
  /** The backup taken of the database just before it was replaced. */
  safetyRunId: string;
  /** Photo blobs that were missing from the photo storage and were copied back. */
  photosCopied: number;
}

/**
 * Puts a backup back: takes a safety backup of the current database, then, with writes paused,
 * restores the dump in a single transaction (a failure changes nothing), keeps the current history
 * of backups, and copies back the photos the photo storage lacks.
 */
@Injectable()
export class BackupRestorer {
  private readonly logger = new Logger(BackupRestorer.name);

  constructor(
    private readonly em: EntityManager,
    private readonly pg: PgTools,
    private readonly identity: BackupIdentityService,
    private readonly targets: BackupTargets,
    private readonly runner: BackupRunner,
    private readonly photoStorage: PhotoStorageSelectionService,
    private readonly pause: WritePause,
  ) {}

  /** Restores run `runId`; `safetyRunId` is the queued run to take the safety backup with. */
  async restore(runId: string, safetyRunId: string): Promise<RestoreOutcome> {
    const run = await this.em.fork().findOneOrFail(BackupRun, runId);
    const source = run.targets.find((target) => target.status === 'complete');
    if (!source || run.prunedAt)
      throw new ConflictError(`Backup ${run.id} has no complete copy to restore from`);
    await this.pg.checkVersions();
    const target = await this.targets.open(source.providerId);
    try {
      const reader = new BackupReader(target.provider, await this.identity.secretKey());
      const manifest = await reader.manifest(run.keyPrefix);
      await this.assertSameSchema(manifest);
      return await this.pause.during(run.id, async () => {
        const safety = await this.runner.execute(safetyRunId);
        if (safety.status !== 'succeeded') {
          throw new ConflictError(`The safety backup failed, so nothing was restored: ${safety.error ?? ''}`);
        }
        await this.restoreDatabase(reader, manifest);
        return { safetyRunId, photosCopied: await this.restorePhotos(reader, manifest) };
      });
    } finally {
      await closeTargets([target]);
    }
  }

  /**
   * Restores the dump in one transaction. The backup history is not in the dump (only its tables'
   * definitions), so, in the same transaction, its rows are set aside in a schema of their own
   * before the archive's statements and put back after them: every backup made since stays known,
   * and no reader ever sees the history missing. The audit trail is append-only, so it is kept the
   * same way: the backup's events come back, and those recorded since are put back beside them (an
   * event id is the same event in both).
   */
  private async restoreDatabase(reader: BackupReader, manifest: BackupManifest): Promise<void> {
    const database = manifest.objects.find((object) => object.kind === 'database');
    if (!database) return;
    const before = [
      `drop schema if exists ${KEEP_SCHEMA} cascade;`,
      `create schema ${KEEP_SCHEMA};`,
      ...BACKUP_STATE_TABLES.map((table) => `create table ${KEEP_SCHEMA}.${bare(table)} as table ${table};`),
      `create table ${KEEP_SCHEMA}.audit_event as table audit.audit_event;`,
    ].join('\n');
    const after = [
      // Policies the restored database does not have: their runs stay, without a policy.
      `update ${KEEP_SCHEMA}.backup_run set policy_id = null
        where policy_id is not null and policy_id not in (select id from public.backup_policy);`,
      `insert into public.backup_run select * from ${KEEP_SCHEMA}.backup_run on conflict (id) do nothing;`,
      `insert into public.backup_photo_object select * from ${KEEP_SCHEMA}.backup_photo_object k
        where k.target_id in (select id from public.storage_provider_config) on conflict do nothing;`,
      `insert into audit.audit_event select * from ${KEEP_SCHEMA}.audit_event on conflict (id) do nothing;`,
      `select setval(pg_get_serial_sequence('audit.audit_event', 'id'), coalesce(max(id), 1)) from audit.audit_event;`,
      `drop schema ${KEEP_SCHEMA} cascade;`,
    ].join('\n');
    const opened = await reader.open(database);
    await this.pg.restore(opened.stream, { singleTransaction: true, clean: true, around: { before, after } });
    opened.check();
  }

  /** Copies back the photo blobs of the backup that the photo storage does not hold. */
  private async restorePhotos(reader: BackupReader, manifest: BackupManifest): Promise<number> {
    const photos = manifest.objects.filter((object) => object.kind === 'photo' && object.source);
    if (photos.length === 0) return 0;
    const storage: StorageProvider = await (await this.photoStorage.target()).open();
    let copied = 0;
    try {
      for (const photo of photos) {
        if (await storage.stat(photo.source!)) continue;
        const opened = await reader.open(photo);
        await storage.put(photo.source!, opened.stream, { size: photo.plainSize });
        opened.check();
        copied += 1;
      }
    } finally {
      await storage.close().catch(() => undefined);
    }
    this.logger.log({ copied }, 'Photo blobs copied back from the backup');
    return copied;
  }

  /**
   * A dump only fits the schema it was taken from: restoring one of another migration level into
   * this database would leave tables of both. Such a backup is restored into a new, empty database,
   * where the application then migrates it (docs/restore-by-hand.md).
   */
  private async assertSameSchema(manifest: BackupManifest): Promise<void> {
    const rows = await this.em
      .fork()
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations order by id desc limit 1');
    const current = rows[0]?.name ?? null;
    if (manifest.migration !== current) {
      throw new ConflictError(
        `This backup has the schema of migration ${manifest.migration ?? 'none'}, the database is at ` +
          `${current ?? 'none'}: restore it into a new database instead (docs/restore-by-hand.md)`,
      );
    }
  }
}
