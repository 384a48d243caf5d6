import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, InvalidError, type FieldError } from '../../common/errors/domain-error.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { BackupPolicy } from '../backup-policy.entity.js';
import { BackupRun } from '../backup-run.entity.js';
import type {
  BackupPolicyListQuery,
  CreateBackupPolicyDto,
  UpdateBackupPolicyDto,
} from '../dto/backup-policy.dto.js';
import { StorageProviderConfigsService } from '../../storage/configs/storage-provider-configs.service.js';
import { BackupTargets } from '../pipeline/backup-targets.js';
import {
  applyRetention,
  validateRetention,
  type RetentionDecision,
  type RetentionRules,
} from '../policy/retention.js';
import { nextRuns, validateSchedule } from '../policy/schedule.js';
import { BackupSchedule } from './backup-schedule.service.js';
import { isComplete } from '../runs/run-state.js';

/**
 * The policy made on first start (seed 000's rule): daily at 03:00, keeping 7 daily, 4 weekly and
 * 12 monthly backups, disabled until an admin picks where backups go.
 */
export const DEFAULT_POLICY = {
  name: 'Daily',
  schedule: '0 3 * * *',
  retention: { daily: 7, weekly: 4, monthly: 12 } satisfies RetentionRules,
  drillSchedule: '0 4 * * 0',
};

/** Backup policies (instance admins): what is backed up, when, where, and for how long. */
@Injectable()
export class BackupPoliciesService implements OnModuleInit {
  private readonly logger = new Logger(BackupPoliciesService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly targets: BackupTargets,
    private readonly schedule: BackupSchedule,
    private readonly audit: AuditService,
    private readonly storageConfigs: StorageProviderConfigsService,
  ) {}

  /** A storage provider a policy writes to cannot be deleted (409 naming the policies). */
  onModuleInit(): void {
    this.storageConfigs.addDeletionCheck(async (providerId) => {
      const users = (await this.em.fork().find(BackupPolicy, {}, { fields: ['name', 'targetIds'] })).filter(
        (policy) => policy.targetIds.includes(providerId),
      );
      return users.length > 0
        ? `backup policies write to it (${users.map((policy) => policy.name).join(', ')}); remove it from them first`
        : null;
    });
  }

  async list(query: BackupPolicyListQuery): Promise<Paginated<BackupPolicy>> {
    const where = query.q ? { name: { $ilike: containsPattern(query.q) } } : {};
    const [policies, total] = await this.em.findAndCount(BackupPolicy, where, toFindOptions(query));
    return paginated(policies, total);
  }

  get(id: string, em: EntityManager = this.em): Promise<BackupPolicy> {
    return em.findOneOrFail(BackupPolicy, id);
  }

  /** The next five times `policy` runs; none while it is disabled. */
  nextRuns(policy: BackupPolicy): Date[] {
    return policy.enabled ? nextRuns(policy.schedule, policy.timeZone, 5) : [];
  }

  async create(
    principal: Principal,
    body: CreateBackupPolicyDto,
    origin: RequestOrigin,
  ): Promise<BackupPolicy> {
    const policy = await this.em.transactional(async (em) => {
      const values = {
        name: body.name,
        schedule: body.schedule,
        timeZone: body.timeZone,
        targetIds: body.targetIds,
        includeDatabase: body.includeDatabase ?? true,
        includePhotos: body.includePhotos ?? true,
        recipients: body.recipients ?? [],
        retention: { ...body.retention },
        drillSchedule: body.drillSchedule === undefined ? DEFAULT_POLICY.drillSchedule : body.drillSchedule,
        enabled: body.enabled ?? false,
      };
      await this.assertValid(values);
      await this.assertNameFree(em, values.name);
      const created = em.create(BackupPolicy, values);
      await em.flush();
      await this.audit.record(
        {
          action: 'backup.policy_created',
          actor: principal,
          target: { type: 'backup_policy', id: created.id },
          origin,
          details: { name: created.name },
        },
        em,
      );
      return created;
    });
    await this.schedule.sync();
    return policy;
  }

  async update(
    principal: Principal,
    id: string,
    body: UpdateBackupPolicyDto,
    origin: RequestOrigin,
  ): Promise<BackupPolicy> {
    const policy = await this.em.transactional(async (em) => {
      const existing = await this.get(id, em);
      assertCurrentVersion(`Backup policy ${id}`, existing, body.version);
      const { version: _version, ...changes } = body;
      const next = { ...pick(existing), ...definedOnly(changes) };
      await this.assertValid(next);
      if (changes.name !== undefined && changes.name !== existing.name)
        await this.assertNameFree(em, changes.name);
      em.assign(existing, next);
      await em.flush();
      await this.audit.record(
        {
          action: 'backup.policy_updated',
          actor: principal,
          target: { type: 'backup_policy', id },
          origin,
          details: { changed: Object.keys(definedOnly(changes)) },
        },
        em,
      );
      return existing;
    });
    await this.schedule.sync();
    return policy;
  }

  /** Deletes the policy; its runs (and their stored objects) stay, without a policy. */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const policy = await this.get(id, em);
      const active = await em.count(BackupRun, { policy, status: { $in: ['queued', 'running'] } });
      if (active > 0) throw new ConflictError(`Backup policy "${policy.name}" has a run in progress`);
      em.remove(policy);
      await em.flush();
      await this.audit.record(
        {
          action: 'backup.policy_deleted',
          actor: principal,
          target: { type: 'backup_policy', id },
          origin,
          details: { name: policy.name },
        },
        em,
      );
    });
    await this.schedule.sync();
  }

  /** Which of the policy's backups `rules` would keep and delete, as retention would decide now. */
  async previewRetention(id: string, rules: RetentionRules): Promise<RetentionDecision> {
    const policy = await this.get(id);
    assertNoProblems('retention', validateRetention(rules));
    const runs = await this.em.find(
      BackupRun,
      { policy, prunedAt: null, trigger: { $ne: 'safety' } },
      { orderBy: { createdAt: 'desc' } },
    );
    return applyRetention(
      runs.map((run) => ({
        id: run.id,
        finishedAt: run.finishedAt ?? run.createdAt,
        complete: isComplete(run),
      })),
      rules,
      policy.timeZone,
    );
  }

  /** Creates the default policy when there is none yet (first start). */
  async ensureDefault(): Promise<void> {
    const em = this.em.fork();
    if ((await em.count(BackupPolicy, {})) > 0) return;
    em.create(BackupPolicy, {
      ...DEFAULT_POLICY,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      targetIds: [],
      recipients: [],
      enabled: false,
    });
    try {
      await em.flush();
      this.logger.log('Created the default backup policy (disabled until a storage target is chosen)');
    } catch (error) {
      // Another process created it at the same moment: one is enough.
      if (!(error instanceof Error && /unique/i.test(error.message))) throw error;
    }
  }

  private async assertValid(policy: PolicyFields): Promise<void> {
    assertNoProblems('schedule', validateSchedule(policy.schedule, policy.timeZone));
    if (policy.drillSchedule) {
      assertNoProblems('drillSchedule', validateSchedule(policy.drillSchedule, policy.timeZone));
    }
    assertNoProblems('retention', validateRetention(policy.retention));
    if (!policy.includeDatabase && !policy.includePhotos) {
      throw new InvalidError('A policy must back up the database, the photos or both', [
        { field: 'includeDatabase', message: 'nothing to back up' },
      ]);
    }
    if (policy.enabled && policy.targetIds.length === 0) {
      throw new InvalidError('Choose at least one storage target before enabling the policy', [
        { field: 'targetIds', message: 'needs at least one target' },
      ]);
    }
    try {
      await this.targets.names(policy.targetIds);
    } catch {
      throw new InvalidError('A storage target does not exist', [
        { field: 'targetIds', message: 'contains an unknown storage provider' },
      ]);
    }
  }

  private async assertNameFree(em: EntityManager, name: string): Promise<void> {
    if ((await em.count(BackupPolicy, { name })) > 0) {
      throw new ConflictError(`A backup policy named "${name}" already exists`, [
        { field: 'name', message: 'is taken' },
      ]);
    }
  }
}

/** The fields of a policy an admin sets. */
const POLICY_FIELDS = [
  'name',
  'schedule',
  'timeZone',
  'targetIds',
  'includeDatabase',
  'includePhotos',
  'recipients',
  'retention',
  'drillSchedule',
  'enabled',
] as const satisfies readonly (keyof BackupPolicy)[];

type PolicyFields = Pick<BackupPolicy, (typeof POLICY_FIELDS)[number]>;

function pick(policy: BackupPolicy): PolicyFields {
  return Object.fromEntries(POLICY_FIELDS.map((field) => [field, policy[field]])) as PolicyFields;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** 422 naming `field` when validation found problems. */
function assertNoProblems(field: string, problems: string[]): void {
  if (problems.length === 0) return;
  const errors: FieldError[] = problems.map((message) => ({ field, message }));
  throw new InvalidError(`Invalid ${field}: ${problems.join('; ')}`, errors);
}
