import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type TypedQueue } from '../jobs/queues.js';
import { ConflictError } from '../common/errors/domain-error.js';
import { BackupMetrics } from './backup-metrics.js';
import { BackupNotifier } from './backup-notifier.js';
import { BackupRun, type BackupRestoreState, type VerifyLevel } from './backup-run.entity.js';
import { messageOf } from '../common/errors/message-of.js';
import { BackupRunner } from './pipeline/backup-runner.service.js';
import type { ProgressListener } from './pipeline/run-progress.js';
import { BackupRestorer } from './restore/backup-restorer.service.js';
import { BackupRunsService, runJobId } from './runs/backup-runs.service.js';
import { isComplete } from './runs/run-state.js';
import { BackupVerifier } from './verify/backup-verifier.service.js';

/**
 * What the worker's jobs and the command line do, with everything around the bare operation: a run
 * is followed by its quick check and the policy's retention; outcomes are counted in metrics; admins
 * hear by mail of anything that failed or looks wrong.
 */
@Injectable()
export class BackupOperations {
  private readonly logger = new Logger(BackupOperations.name);

  constructor(
    private readonly em: EntityManager,
    private readonly runs: BackupRunsService,
    private readonly runner: BackupRunner,
    private readonly verifier: BackupVerifier,
    private readonly restorer: BackupRestorer,
    private readonly metrics: BackupMetrics,
    private readonly notifier: BackupNotifier,
  ) {}

  /** A scheduled run of `policyId`; skipped (not failed) while the previous one is still going. */
  scheduled(policyId: string, onProgress?: ProgressListener): Promise<BackupRun | undefined> {
    return this.inContext(() => this.doScheduled(policyId, onProgress));
  }

  private async doScheduled(policyId: string, onProgress?: ProgressListener): Promise<BackupRun | undefined> {
    let run: BackupRun;
    try {
      run = await this.runs.create(policyId, 'schedule', { enqueue: false });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      this.logger.warn(error.message);
      return undefined;
    }
    return this.doBackUp(run.id, onProgress);
  }

  /** Executes the queued run `runId`, then checks it (`quick`) and applies the policy's retention. */
  backUp(runId: string, onProgress?: ProgressListener): Promise<BackupRun> {
    return this.inContext(() => this.doBackUp(runId, onProgress));
  }

  private async doBackUp(runId: string, onProgress?: ProgressListener): Promise<BackupRun> {
    const run = await this.runner.execute(runId, onProgress);
    const seconds =
      ((run.finishedAt?.getTime() ?? Date.now()) - (run.startedAt?.getTime() ?? Date.now())) / 1000;
    this.metrics.runFinished(run.policyName, run.status === 'failed' ? 'failed' : 'succeeded', seconds);
    if (run.status === 'failed') {
      await this.notifier.tell(
        `Backup failed: ${run.policyName}`,
        [
          `The backup run ${run.id} of policy "${run.policyName}" failed.`,
          `Reason: ${run.error ?? 'unknown'}`,
        ],
        run.id,
      );
      return run;
    }
    if (run.sizeAnomaly) {
      await this.notifier.tell(
        `Backup size changed unexpectedly: ${run.policyName}`,
        [`The backup ${run.id} is ${run.sizeBytes} bytes, far from the usual size of this policy's backups.`],
        run.id,
      );
    }
    await this.doVerify(run.id, 'quick');
    if (run.policy) await this.runs.applyRetention(run.policy.id);
    return this.em.fork().findOneOrFail(BackupRun, run.id);
  }

  /** Verifies `runId` at `level`, counting and reporting failures. */
  verify(runId: string, level: VerifyLevel): Promise<BackupRun> {
    return this.inContext(() => this.doVerify(runId, level));
  }

  private async doVerify(runId: string, level: VerifyLevel): Promise<BackupRun> {
    const results = await this.verifier.verify(runId, level);
    for (const result of results) this.metrics.verified(level, result.ok);
    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0) {
      await this.notifier.tell(
        `Backup verification failed (${level})`,
        failed.map((result) => `Target ${result.providerId}: ${result.error ?? result.summary}`),
        runId,
      );
    }
    return this.em.fork().findOneOrFail(BackupRun, runId);
  }

  /** A restore drill of the policy's newest complete backup of the database, if there is one. */
  drill(policyId: string): Promise<BackupRun | undefined> {
    return this.inContext(() => this.doDrill(policyId));
  }

  private async doDrill(policyId: string): Promise<BackupRun | undefined> {
    const candidates = await this.em
      .fork()
      .find(
        BackupRun,
        { policy: policyId, status: { $in: ['succeeded', 'verified'] }, prunedAt: null },
        { orderBy: { finishedAt: 'desc' }, limit: 10 },
      );
    const newest = candidates.find((run) => isComplete(run) && run.manifest?.database);
    return newest ? this.doVerify(newest.id, 'drill') : undefined;
  }

  /** Restores `runId` after a safety backup, recording progress and outcome on the run. */
  restore(runId: string): Promise<BackupRun> {
    return this.inContext(() => this.doRestore(runId));
  }

  private async doRestore(runId: string): Promise<BackupRun> {
    const run = await this.em.fork().findOneOrFail(BackupRun, runId, { populate: ['policy'] });
    if (!run.policy) throw new ConflictError(`The policy of backup ${runId} was deleted: restore it by hand`);
    const startedAt = new Date().toISOString();
    await this.recordRestore(run.id, { status: 'running', startedAt });
    try {
      const safety = await this.runs.create(run.policy.id, 'safety', { enqueue: false });
      const outcome = await this.restorer.restore(run.id, safety.id);
      await this.recordRestore(run.id, {
        status: 'succeeded',
        startedAt,
        finishedAt: new Date().toISOString(),
        safetyRunId: outcome.safetyRunId,
        photosCopied: outcome.photosCopied,
      });
      await this.notifier.tell(
        'Backup restored',
        [
          `The backup of ${run.createdAt.toISOString()} (policy "${run.policyName}") was restored.`,
          `The database as it was before is kept in the safety backup ${outcome.safetyRunId}.`,
          `Photos copied back: ${outcome.photosCopied}.`,
        ],
        run.id,
      );
    } catch (error) {
      await this.recordRestore(run.id, {
        status: 'failed',
        startedAt,
        finishedAt: new Date().toISOString(),
        error: messageOf(error),
      });
      await this.notifier.tell(
        'Restore failed: nothing was changed',
        [`Restoring the backup ${run.id} failed; the database is as it was.`, `Reason: ${messageOf(error)}`],
        run.id,
      );
      throw error;
    }
    return this.em.fork().findOneOrFail(BackupRun, run.id);
  }

  /**
   * Jobs and the command line run outside any HTTP request: the services they call get a request
   * context of their own, as a request would give them.
   */
  private inContext<T>(fn: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.em, fn);
  }

  private async recordRestore(runId: string, state: BackupRestoreState): Promise<void> {
    await this.em.fork().nativeUpdate(BackupRun, { id: runId }, { restore: state });
  }
}

/**
 * Settles runs that can never finish, when a worker starts: runs left `running` by a process that
 * stopped mid-run (they started before this one), and runs `queued` whose job Redis no longer has
 * (Redis lost its data). Both would otherwise keep their policy from ever running again.
 */
@Injectable()
export class InterruptedRuns implements OnApplicationBootstrap {
  private readonly logger = new Logger(InterruptedRuns.name);
  private readonly since = new Date();

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QUEUES.backups) private readonly queue: TypedQueue<'backups'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const em = this.em.fork();
    const interrupted = await em.nativeUpdate(
      BackupRun,
      { status: 'running', startedAt: { $lt: this.since } },
      { status: 'failed', finishedAt: new Date(), error: 'Interrupted: the process stopped during the run' },
    );
    const queued = await em.find(BackupRun, { status: 'queued', createdAt: { $lt: this.since } });
    const lost: string[] = [];
    for (const run of queued) {
      if (!(await this.queue.getJob(runJobId(run.id)))) lost.push(run.id);
    }
    if (lost.length > 0) {
      await em.nativeUpdate(
        BackupRun,
        { id: { $in: lost }, status: 'queued' },
        { status: 'failed', finishedAt: new Date(), error: 'Lost: its job was no longer queued' },
      );
    }
    if (interrupted + lost.length > 0) {
      this.logger.warn({ interrupted, lost: lost.length }, 'Marked backup runs that cannot finish as failed');
    }
  }
}
