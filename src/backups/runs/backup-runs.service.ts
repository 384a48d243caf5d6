import { InjectQueue } from '@nestjs/bull';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../../audit/audit.service.js';
import { BadRequestError, ConflictError } from '../../common/errors/domain-error.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { QUEUES, type TypedQueue } from '../../jobs/queues.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { BackupPolicy } from '../backup-policy.entity.js';
import { BackupRun, type BackupTrigger, type VerifyLevel } from '../backup-run.entity.js';
import type { BackupRunListQuery } from '../dto/backup-run.dto.js';
import { BackupTargets, closeTargets } from '../pipeline/backup-targets.js';
import { MANIFEST_NAME } from '../pipeline/manifest.js';
import { applyRetention } from '../policy/retention.js';
import { isComplete } from './run-state.js';

/** The id of the job that executes run `runId`. */
export function runJobId(runId: string): string {
  return `run-${runId}`;
}

/** Jobs of the backups queue are not retried: a new run or verification is the retry. */
const ONCE = { attempts: 1 };

/** Backup runs: starting them, following them, asking for verifications and restores, retention. */
@Injectable()
export class BackupRunsService {
  private readonly logger = new Logger(BackupRunsService.name);

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QUEUES.backups) private readonly queue: TypedQueue<'backups'>,
    private readonly targets: BackupTargets,
    private readonly audit: AuditService,
  ) {}

  async list(query: BackupRunListQuery): Promise<Paginated<BackupRun>> {
    const where = {
      ...(query.policyId ? { policy: query.policyId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const [runs, total] = await this.em.findAndCount(BackupRun, where, toFindOptions(query));
    return paginated(runs, total);
  }

  get(id: string): Promise<BackupRun> {
    return this.em.findOneOrFail(BackupRun, id);
  }

  /**
   * Queues a run of `policyId` (409 while one of the policy is queued or running; the database's
   * unique index settles a race between two callers). With `enqueue`, a job executes it.
   */
  async create(policyId: string, trigger: BackupTrigger, options: { enqueue: boolean }): Promise<BackupRun> {
    const em = this.em.fork();
    const policy = await em.findOneOrFail(BackupPolicy, policyId);
    if (policy.targetIds.length === 0) {
      throw new ConflictError(`Backup policy "${policy.name}" has no storage target yet`);
    }
    const id = randomUUID();
    const run = em.create(BackupRun, {
      id,
      policy,
      policyName: policy.name,
      trigger,
      keyPrefix: `backups/${policy.id}/${id}/`,
      targets: [],
      verifications: [],
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ConflictError(`A backup of policy "${policy.name}" is already queued or running`);
      }
      throw error;
    }
    if (options.enqueue) await this.queue.add('run', { runId: run.id }, { ...ONCE, jobId: runJobId(run.id) });
    return run;
  }

  /** `POST /policies/:id/run`: a run now, audited. */
  async startNow(principal: Principal, policyId: string, origin: RequestOrigin): Promise<BackupRun> {
    const run = await this.create(policyId, 'manual', { enqueue: true });
    await this.audit.record({
      action: 'backup.run_started',
      actor: principal,
      target: { type: 'backup_run', id: run.id },
      origin,
      details: { policy: run.policyName },
    });
    return run;
  }

  /** Queues a verification of a backup that succeeded (409 otherwise). */
  async requestVerify(id: string, level: VerifyLevel): Promise<BackupRun> {
    const run = await this.get(id);
    if (!isComplete(run) && !(run.status === 'succeeded' || run.status === 'verified')) {
      throw new ConflictError(`Backup ${id} is ${run.status}: only a backup that succeeded can be verified`);
    }
    if (run.prunedAt) throw new ConflictError(`Backup ${id} was pruned by retention`);
    await this.queue.add('verify', { runId: id, level }, ONCE);
    return run;
  }

  /**
   * Queues a restore of backup `id`. `confirm` must repeat the id: the restore replaces the whole
   * database (after a safety backup).
   */
  async requestRestore(
    principal: Principal,
    id: string,
    confirm: string,
    origin: RequestOrigin,
  ): Promise<BackupRun> {
    if (confirm.trim() !== id) {
      throw new BadRequestError('Type the id of the backup to confirm the restore', [
        { field: 'confirm', message: 'must repeat the backup id' },
      ]);
    }
    const run = await this.get(id);
    if (!isComplete(run) || !run.manifest?.database) {
      throw new ConflictError(`Backup ${id} is not a complete backup of the database: it cannot be restored`);
    }
    if (!run.policy) throw new ConflictError(`The policy of backup ${id} was deleted: restore it by hand`);
    await this.queue.add('restore', { runId: id }, { ...ONCE, jobId: `restore:${id}:${Date.now()}` });
    await this.audit.record({
      action: 'backup.restore_requested',
      actor: principal,
      target: { type: 'backup_run', id },
      origin,
      details: { policy: run.policyName, createdAt: run.createdAt.toISOString() },
    });
    return run;
  }

  /**
   * Applies the policy's retention: the runs it does not keep have their objects deleted from every
   * target and are marked pruned. Only complete backups are considered; the newest is always kept.
   */
  async applyRetention(policyId: string): Promise<string[]> {
    const em = this.em.fork();
    const policy = await em.findOneOrFail(BackupPolicy, policyId);
    const runs = await em.find(BackupRun, { policy, prunedAt: null, trigger: { $ne: 'safety' } });
    const decision = applyRetention(
      runs.map((run) => ({
        id: run.id,
        finishedAt: run.finishedAt ?? run.createdAt,
        complete: isComplete(run),
      })),
      policy.retention,
      policy.timeZone,
    );
    const pruned: string[] = [];
    for (const run of runs.filter((candidate) => decision.forget.includes(candidate.id))) {
      if (await this.deleteObjects(run)) {
        run.prunedAt = new Date();
        pruned.push(run.id);
      }
    }
    await em.flush();
    if (pruned.length > 0)
      this.logger.log({ policy: policy.name, pruned: pruned.length }, 'Retention pruned backups');
    return pruned;
  }

  /** Deletes a run's objects from each of its targets; false when one could not be reached. */
  private async deleteObjects(run: BackupRun): Promise<boolean> {
    let ok = true;
    for (const result of run.targets) {
      try {
        const target = await this.targets.open(result.providerId);
        try {
          // The manifest first: from then on the backup is incomplete, whatever happens next.
          await target.provider.delete(`${run.keyPrefix}${MANIFEST_NAME}`);
          for await (const object of target.provider.list(run.keyPrefix)) {
            await target.provider.delete(object.key);
          }
        } finally {
          await closeTargets([target]);
        }
      } catch (error) {
        ok = false;
        this.logger.warn(
          { err: error, runId: run.id },
          'Retention could not delete a backup; it will try again',
        );
      }
    }
    return ok;
  }
}
