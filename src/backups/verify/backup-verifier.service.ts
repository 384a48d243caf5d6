import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConflictError } from '../../common/errors/domain-error.js';
import { BackupRun, type BackupVerification, type VerifyLevel } from '../backup-run.entity.js';
import { PgTools } from '../database/pg-tools.js';
import { BackupIdentityService } from '../identity/backup-identity.service.js';
import { BackupReader, BackupIntegrityError } from '../pipeline/backup-reader.js';
import { BackupTargets, closeTargets, type OpenTarget } from '../pipeline/backup-targets.js';
import { messageOf } from '../../common/errors/message-of.js';
import { BACKUP_PHOTOS_PREFIX, type BackupManifest } from '../pipeline/manifest.js';
import { dumpedRowCounts } from '../pipeline/runtime-tables.js';

/** A verification's findings before they are recorded. */
interface Finding {
  summary: string;
}

/**
 * Checks that a backup can be restored, on every target that holds it: `quick` lists its objects,
 * `full` reads every byte back and lets pg_restore read the dump, `drill` restores the dump into a
 * scratch database and compares row counts with the manifest. The outcome is stored on the run; a
 * passed verification marks a succeeded run `verified`.
 */
@Injectable()
export class BackupVerifier {
  constructor(
    private readonly em: EntityManager,
    private readonly pg: PgTools,
    private readonly identity: BackupIdentityService,
    private readonly targets: BackupTargets,
  ) {}

  /** Verifies run `runId` at `level` on each complete target; returns one result per target. */
  async verify(runId: string, level: VerifyLevel): Promise<BackupVerification[]> {
    const em = this.em.fork();
    const run = await em.findOneOrFail(BackupRun, runId);
    if (!['succeeded', 'verified'].includes(run.status) || run.prunedAt) {
      throw new ConflictError(
        `Backup ${run.id} is ${run.prunedAt ? 'pruned' : run.status}: there is nothing to verify`,
      );
    }
    const secretKey = await this.identity.secretKey();
    const results: BackupVerification[] = [];
    for (const result of run.targets.filter((target) => target.status === 'complete')) {
      const startedAt = Date.now();
      let target: OpenTarget | undefined;
      let outcome: Pick<BackupVerification, 'ok' | 'summary' | 'error'>;
      try {
        target = await this.targets.open(result.providerId);
        const reader = new BackupReader(target.provider, secretKey);
        const manifest = await reader.manifest(run.keyPrefix);
        const finding = await this.check(level, target, reader, manifest, run.keyPrefix);
        outcome = { ok: true, summary: finding.summary };
      } catch (error) {
        outcome = { ok: false, summary: `${level} verification failed`, error: messageOf(error) };
      } finally {
        if (target) await closeTargets([target]);
      }
      results.push({
        level,
        providerId: result.providerId,
        at: new Date().toISOString(),
        durationMs: Date.now() - startedAt,
        ...outcome,
      });
    }
    await em.refresh(run);
    run.verifications = [...run.verifications, ...results];
    if (results.length > 0 && results.every((result) => result.ok) && run.status === 'succeeded') {
      run.status = 'verified';
    }
    await em.flush();
    return results;
  }

  private async check(
    level: VerifyLevel,
    target: OpenTarget,
    reader: BackupReader,
    manifest: BackupManifest,
    keyPrefix: string,
  ): Promise<Finding> {
    await this.checkListed(target, manifest, keyPrefix);
    const bytes = manifest.objects.reduce((sum, object) => sum + object.size, 0);
    if (level === 'quick') {
      return { summary: `${objects(manifest)} listed with their sizes (${bytes} bytes)` };
    }
    for (const object of manifest.objects.filter((candidate) => candidate.kind === 'photo')) {
      const opened = await reader.open(object);
      await pipeline(opened.stream, discard());
      opened.check();
    }
    const database = manifest.objects.find((object) => object.kind === 'database');
    if (!database) return { summary: `${objects(manifest)} read back and checksummed` };
    const opened = await reader.open(database);
    if (level === 'full') {
      const toc = await this.pg.list(opened.stream);
      opened.check();
      return {
        summary: `${objects(manifest)} read back and checksummed; pg_restore lists ${toc.length} entries`,
      };
    }
    const counts = await this.pg.withScratchDatabase(async (url) => {
      await this.pg.restore(opened.stream, { databaseUrl: url, singleTransaction: true, clean: false });
      opened.check();
      return dumpedRowCounts(await this.pg.rowCounts(url));
    });
    const differences = Object.entries(manifest.tables)
      .filter(([table, rows]) => counts[table] !== rows)
      .map(
        ([table, rows]) => `${table}: ${counts[table] ?? 'missing'} rows restored, ${rows} in the manifest`,
      );
    if (differences.length > 0)
      throw new BackupIntegrityError(`Row counts differ: ${differences.join('; ')}`);
    return {
      summary: `restored into a scratch database: row counts of ${Object.keys(manifest.tables).length} tables match`,
    };
  }

  /** Every object of the manifest is on the target with the size it was written with. */
  private async checkListed(target: OpenTarget, manifest: BackupManifest, keyPrefix: string): Promise<void> {
    const sizes = new Map<string, number>();
    const hasPhotos = manifest.objects.some((object) => object.kind === 'photo');
    for (const prefix of hasPhotos ? [keyPrefix, BACKUP_PHOTOS_PREFIX] : [keyPrefix]) {
      for await (const object of target.provider.list(prefix)) sizes.set(object.key, object.size);
    }
    const wrong = manifest.objects.filter((object) => sizes.get(object.key) !== object.size);
    if (wrong.length > 0) {
      const first = wrong[0];
      throw new BackupIntegrityError(
        `${wrong.length} object(s) missing or of the wrong size, e.g. ${first.key} ` +
          `(${sizes.get(first.key) ?? 'missing'} bytes, ${first.size} expected)`,
      );
    }
  }
}

/** "1 object", "12 objects". */
function objects(manifest: BackupManifest): string {
  const count = manifest.objects.length;
  return `${count} ${count === 1 ? 'object' : 'objects'}`;
}

/** A sink that drops what it is given (reading an object only to checksum it). */
function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
