import { InjectQueue } from '@nestjs/bull';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type TypedQueue } from '../../jobs/queues.js';
import { BackupPolicy } from '../backup-policy.entity.js';

/** Id prefixes of the repeatable jobs made from policies (no `:`, which Bull uses in its repeat keys). */
const SCHEDULE_PREFIX = 'backup-policy-';
const DRILL_PREFIX = 'backup-drill-';

/**
 * Keeps Bull's repeatable jobs in line with the policies: one `scheduled` job per enabled policy
 * with a target, and one `drill` job where a drill schedule is set. Registered again at every start
 * (Redis may have lost them) and after every policy change; jobs of policies that changed or went
 * away are removed.
 */
@Injectable()
export class BackupSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(BackupSchedule.name);

  constructor(
    @InjectQueue(QUEUES.backups) private readonly queue: TypedQueue<'backups'>,
    private readonly em: EntityManager,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  /** Registers the repeatable jobs the policies call for and removes the others. */
  async sync(): Promise<void> {
    const policies = await this.em.fork().find(BackupPolicy, { enabled: true });
    const wanted = new Map<string, () => Promise<unknown>>();
    for (const policy of policies.filter((candidate) => candidate.targetIds.length > 0)) {
      const repeat = { cron: policy.schedule, tz: policy.timeZone };
      const jobId = `${SCHEDULE_PREFIX}${policy.id}`;
      wanted.set(repeatKey('scheduled', jobId, repeat), () =>
        this.queue.add('scheduled', { policyId: policy.id }, { repeat, jobId, attempts: 1 }),
      );
      if (policy.drillSchedule) {
        const drill = { cron: policy.drillSchedule, tz: policy.timeZone };
        const drillId = `${DRILL_PREFIX}${policy.id}`;
        wanted.set(repeatKey('drill', drillId, drill), () =>
          this.queue.add('drill', { policyId: policy.id }, { repeat: drill, jobId: drillId, attempts: 1 }),
        );
      }
    }
    for (const job of await this.queue.getRepeatableJobs()) {
      if (!wanted.has(repeatKey(job.name, job.id ?? '', { cron: job.cron, tz: job.tz ?? undefined }))) {
        await this.queue.removeRepeatableByKey(job.key);
      }
    }
    for (const add of wanted.values()) await add();
    this.logger.debug({ jobs: wanted.size }, 'Backup schedules registered');
  }
}

/** What identifies a repeatable job for this comparison: name, id, cron and time zone. */
function repeatKey(name: string, id: string, repeat: { cron?: string; tz?: string | null }): string {
  return [name, id, repeat.cron ?? '', repeat.tz ?? ''].join('|');
}
