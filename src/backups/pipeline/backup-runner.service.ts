import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Readable, pipeline } from 'node:stream';
import { concurrencyLimit } from '../../common/concurrency-limit.js';
import { PACKAGE } from '../../common/package-info.js';
import { PHOTO_PREFIX } from '../../inventory/photos/photo-blobs.js';
import { PhotoStorageSelectionService } from '../../storage/configs/photo-storage-selection.service.js';
import type { StorageProvider, StoredObject } from '../../storage/storage-provider.js';
import { StorageNotFoundError } from '../../storage/storage.errors.js';
import { BackupIdentityService } from '../identity/backup-identity.service.js';
import { BackupPhotoObject } from '../backup-photo-object.entity.js';
import type { BackupPolicy } from '../backup-policy.entity.js';
import { BackupRun, type BackupTargetResult } from '../backup-run.entity.js';
import { PgTools } from '../database/pg-tools.js';
import { isSizeAnomaly } from '../policy/size-anomaly.js';
import { BackupTargets, closeTargets, type OpenTarget } from './backup-targets.js';
import { compressor, encryptor, type BackupKeys } from './codec.js';
import { fanOut } from './fan-out.js';
import {
  BACKUP_PHOTOS_PREFIX,
  DATABASE_OBJECT_NAME,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  summarize,
  type BackupManifest,
  type ManifestObject,
} from './manifest.js';
import { Meter } from './meter.js';
import { RunProgress, type ProgressListener } from './run-progress.js';
import { BACKUP_STATE_TABLES, dumpedRowCounts } from './runtime-tables.js';
import { messageOf } from '../../common/errors/message-of.js';

/** Photo blobs encrypted and uploaded at once. */
const PHOTO_UPLOADS_IN_FLIGHT = 4;
/** Good runs whose median size the anomaly check compares against. */
const ANOMALY_WINDOW = 7;

/** How one target is doing during a run. */
interface TargetState {
  target: OpenTarget;
  objects: ManifestObject[];
  bytesWritten: number;
  startedAt: number;
  /** Set once its manifest is stored: the backup on this target is complete. */
  manifest?: BackupManifest;
  error?: string;
}

/** What the database step found out, for the manifest. */
interface DatabaseFacts {
  tables: Record<string, number>;
  postgresVersion: string | null;
  migration: string | null;
}

/**
 * Makes one backup: dumps the database in one consistent snapshot, compresses and encrypts it once
 * and streams it to every target; copies the photo blobs a target lacks; then uploads each target's
 * manifest, last, so that only a complete backup ever has one. A target that fails is cleaned up and
 * the others go on; the run succeeds only when every target holds the complete backup.
 */
@Injectable()
export class BackupRunner {
  private readonly logger = new Logger(BackupRunner.name);

  constructor(
    private readonly em: EntityManager,
    private readonly pg: PgTools,
    private readonly identity: BackupIdentityService,
    private readonly targets: BackupTargets,
    private readonly photoStorage: PhotoStorageSelectionService,
  ) {}

  /** Runs the queued run `runId` to its end and returns it, succeeded or failed. */
  async execute(runId: string, onProgress?: ProgressListener): Promise<BackupRun> {
    const em = this.em.fork();
    const run = await em.findOneOrFail(BackupRun, runId, { populate: ['policy'] });
    const policy = run.policy;
    run.status = 'running';
    run.startedAt = new Date();
    run.error = null;
    await em.flush();
    const progress = new RunProgress(this.em, run.id, onProgress);
    const states: TargetState[] = [];
    let failure: string | undefined;
    try {
      if (!policy) throw new Error('The policy of this run was deleted before it started');
      for (const id of policy.targetIds) {
        states.push({
          target: await this.targets.open(id),
          objects: [],
          bytesWritten: 0,
          startedAt: Date.now(),
        });
      }
      const keys: BackupKeys = { recipients: [await this.identity.recipient(), ...policy.recipients] };
      const facts = policy.includeDatabase
        ? await this.backUpDatabase(run, states, keys, progress)
        : { tables: {}, postgresVersion: null, migration: null };
      if (policy.includePhotos) await this.backUpPhotos(states, keys, progress);
      // A backup is complete everywhere or nowhere: with a target already failed, no manifest is written.
      if (states.every((state) => !state.error)) await this.uploadManifests(run, policy, states, keys, facts);
    } catch (error) {
      failure = messageOf(error);
      for (const state of states) state.error ??= failure;
    } finally {
      await progress.flush();
      await this.cleanUpFailed(run, states);
      await closeTargets(states.map((state) => state.target));
    }
    return this.finish(em, run, states, failure, progress);
  }

  private async backUpDatabase(
    run: BackupRun,
    states: TargetState[],
    keys: BackupKeys,
    progress: RunProgress,
  ): Promise<DatabaseFacts> {
    await this.pg.checkVersions();
    const snapshot = await this.pg.openSnapshot();
    try {
      progress.expect(snapshot.estimatedBytes);
      const migration = await this.lastMigration();
      const dump = this.pg.dump({
        snapshotId: snapshot.snapshotId,
        excludeTableData: [...BACKUP_STATE_TABLES],
      });
      // Observed at once: pg_dump may fail while the upload is still being awaited.
      const dumped = dump.done.then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(messageOf(error))),
      );
      const plain = new Meter((bytes) => progress.add(bytes));
      const cipher = new Meter();
      let chainError: Error | undefined;
      const encrypted = pipeline(dump.stdout, plain, compressor(), encryptor(keys), cipher, (error) => {
        if (error) chainError = error;
      });
      const key = `${run.keyPrefix}${DATABASE_OBJECT_NAME}`;
      await this.upload(live(states), key, encrypted, () => ({
        key,
        kind: 'database',
        plainSize: plain.bytes,
        plainSha256: plain.sha256(),
        size: cipher.bytes,
        sha256: cipher.sha256(),
      }));
      const dumpError = await dumped;
      if (dumpError) throw dumpError;
      if (chainError) throw chainError;
      return {
        tables: dumpedRowCounts(snapshot.rowCounts),
        postgresVersion: snapshot.serverVersion,
        migration,
      };
    } finally {
      await snapshot.release();
    }
  }

  /**
   * Streams `body` to every target in `states` as `key`, recording the object `describe` returns
   * (called once the body ended) on each target that stored it, and the error on each that did not.
   */
  private async upload(
    states: TargetState[],
    key: string,
    body: Readable,
    describe: () => ManifestObject,
  ): Promise<ManifestObject | undefined> {
    if (states.length === 0) {
      body.destroy();
      return undefined;
    }
    const branches = fanOut(body, states.length);
    const results = await Promise.allSettled(
      states.map((state, index) => state.target.provider.put(key, branches[index])),
    );
    let object: ManifestObject | undefined;
    results.forEach((result, index) => {
      const state = states[index];
      if (result.status === 'rejected') {
        state.error ??= `${state.target.name}: ${messageOf(result.reason)}`;
        return;
      }
      object ??= describe();
      state.objects.push(object);
      state.bytesWritten += object.size;
    });
    return object;
  }

  /**
   * Copies every photo blob to each target that does not hold it yet. Blobs are content-addressed,
   * so one already there (listed with the size recorded when it was uploaded) is only named in the
   * manifest again.
   */
  private async backUpPhotos(states: TargetState[], keys: BackupKeys, progress: RunProgress): Promise<void> {
    const source = await (await this.photoStorage.target()).open();
    try {
      const blobs = await collect(source.list(PHOTO_PREFIX));
      const held = new Map<TargetState, Map<string, BackupPhotoObject>>();
      for (const state of live(states)) held.set(state, await this.heldPhotos(state.target));
      const toCopy = blobs.map((blob) => {
        const key = `${BACKUP_PHOTOS_PREFIX}${blob.key}.age`;
        const missing = live(states).filter((state) => !held.get(state)?.has(key));
        if (missing.length > 0) progress.expect(blob.size);
        return { blob, key, missing };
      });
      const limit = concurrencyLimit(PHOTO_UPLOADS_IN_FLIGHT);
      await Promise.all(
        toCopy.map(({ blob, key, missing }) =>
          limit(async () => {
            if (missing.length > 0) await this.copyPhoto(source, blob, key, missing, keys, progress);
            for (const state of live(states)) {
              const known = missing.includes(state) ? undefined : held.get(state)?.get(key);
              if (known) state.objects.push(photoObject(known));
            }
          }),
        ),
      );
    } finally {
      await source.close().catch(() => undefined);
    }
  }

  /** Encrypts one photo blob once and uploads it to `targets`, remembering it for later runs. */
  private async copyPhoto(
    source: StorageProvider,
    blob: StoredObject,
    key: string,
    targets: TargetState[],
    keys: BackupKeys,
    progress: RunProgress,
  ): Promise<void> {
    let original: Readable;
    try {
      original = await source.get(blob.key);
    } catch (error) {
      // Deleted since it was listed: there is nothing left to back up.
      if (error instanceof StorageNotFoundError) return;
      throw error;
    }
    const plain = new Meter((bytes) => progress.add(bytes));
    const cipher = new Meter();
    const encrypted = pipeline(original, plain, encryptor(keys), cipher, () => undefined);
    const object = await this.upload(targets, key, encrypted, () => ({
      key,
      kind: 'photo',
      source: blob.key,
      plainSize: plain.bytes,
      plainSha256: plain.sha256(),
      size: cipher.bytes,
      sha256: cipher.sha256(),
    }));
    if (!object) return;
    const em = this.em.fork();
    for (const state of targets) {
      if (!state.objects.includes(object)) continue;
      await em.upsert(BackupPhotoObject, {
        target: state.target.id,
        key,
        source: blob.key,
        plainSize: object.plainSize,
        plainSha256: object.plainSha256,
        size: object.size,
        sha256: object.sha256,
      });
    }
  }

  /** The photo copies recorded for `target` that it still lists with their recorded size. */
  private async heldPhotos(target: OpenTarget): Promise<Map<string, BackupPhotoObject>> {
    const recorded = await this.em.fork().find(BackupPhotoObject, { target: target.id });
    const listed = new Map<string, number>();
    for await (const object of target.provider.list(BACKUP_PHOTOS_PREFIX))
      listed.set(object.key, object.size);
    return new Map(
      recorded.filter((copy) => listed.get(copy.key) === copy.size).map((copy) => [copy.key, copy]),
    );
  }

  /** Uploads each healthy target's manifest, last: from then on the backup on it is complete. */
  private async uploadManifests(
    run: BackupRun,
    policy: BackupPolicy,
    states: TargetState[],
    keys: BackupKeys,
    facts: DatabaseFacts,
  ): Promise<void> {
    const finishedAt = new Date().toISOString();
    for (const state of live(states)) {
      const manifest: BackupManifest = {
        format: MANIFEST_FORMAT,
        runId: run.id,
        policy: { id: policy.id, name: policy.name },
        appVersion: PACKAGE.version,
        migration: facts.migration,
        postgresVersion: facts.postgresVersion,
        createdAt: run.createdAt.toISOString(),
        finishedAt,
        tables: facts.tables,
        objects: state.objects,
      };
      const body = pipeline(
        Readable.from([Buffer.from(JSON.stringify(manifest))]),
        encryptor(keys),
        () => undefined,
      );
      const key = `${run.keyPrefix}${MANIFEST_NAME}`;
      try {
        await state.target.provider.put(key, body);
        state.manifest = manifest;
      } catch (error) {
        state.error = `${state.target.name}: ${messageOf(error)}`;
      }
    }
  }

  /**
   * When any target failed, removes what the run wrote on every target, manifests first (best effort;
   * photo blobs are shared by runs and kept): a run that failed anywhere leaves no backup that could
   * be mistaken for a complete one.
   */
  private async cleanUpFailed(run: BackupRun, states: TargetState[]): Promise<void> {
    if (states.every((state) => !state.error)) return;
    for (const state of states) {
      state.error ??= 'Removed: the backup failed on another target';
      state.manifest = undefined;
      try {
        const manifest = `${run.keyPrefix}${MANIFEST_NAME}`;
        await state.target.provider.delete(manifest);
        for await (const object of state.target.provider.list(run.keyPrefix)) {
          if (object.key !== manifest) await state.target.provider.delete(object.key);
        }
      } catch (error) {
        this.logger.warn(
          { err: error, runId: run.id, target: state.target.id },
          'Could not remove the partial objects of a failed backup run',
        );
      }
    }
  }

  private async finish(
    em: EntityManager,
    run: BackupRun,
    states: TargetState[],
    failure: string | undefined,
    progress: RunProgress,
  ): Promise<BackupRun> {
    const results: BackupTargetResult[] = states.map((state) => ({
      providerId: state.target.id,
      providerName: state.target.name,
      status: state.error ? 'failed' : 'complete',
      bytesWritten: state.bytesWritten,
      durationMs: Date.now() - state.startedAt,
      ...(state.error ? { error: state.error } : {}),
    }));
    const complete = states.find((state) => !state.error && state.manifest);
    const ok = !failure && states.length > 0 && states.every((state) => !state.error);
    run.targets = results;
    run.finishedAt = new Date();
    // The estimate came from table sizes; a finished backup shows 100 %.
    run.bytesDone = progress.bytesDone;
    if (ok) run.bytesEstimated = progress.bytesDone;
    run.status = ok ? 'succeeded' : 'failed';
    run.error = ok
      ? null
      : (failure ??
        states
          .map((state) => state.error)
          .filter(Boolean)
          .join('; '));
    if (complete?.manifest) {
      run.manifest = summarize(complete.manifest);
      run.sizeBytes = complete.objects.reduce((sum, object) => sum + object.size, 0);
    }
    if (ok && typeof run.sizeBytes === 'number' && run.policy) {
      run.sizeAnomaly = isSizeAnomaly(run.sizeBytes, await this.previousGoodSizes(em, run));
    }
    await em.flush();
    return run;
  }

  private async previousGoodSizes(em: EntityManager, run: BackupRun): Promise<number[]> {
    const previous = await em.find(
      BackupRun,
      {
        policy: run.policy,
        status: { $in: ['succeeded', 'verified'] },
        id: { $ne: run.id },
        trigger: { $ne: 'safety' },
      },
      { orderBy: { finishedAt: 'desc' }, limit: ANOMALY_WINDOW, fields: ['sizeBytes'] },
    );
    return previous.flatMap((good) => (typeof good.sizeBytes === 'number' ? [good.sizeBytes] : []));
  }

  private async lastMigration(): Promise<string | null> {
    const rows = await this.em
      .fork()
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations order by id desc limit 1');
    return rows[0]?.name ?? null;
  }
}

/** The targets that have not failed so far. */
function live(states: TargetState[]): TargetState[] {
  return states.filter((state) => !state.error);
}

function photoObject(copy: BackupPhotoObject): ManifestObject {
  return {
    key: copy.key,
    kind: 'photo',
    source: copy.source,
    plainSize: copy.plainSize,
    plainSha256: copy.plainSha256,
    size: copy.size,
    sha256: copy.sha256,
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
