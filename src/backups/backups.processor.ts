import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../jobs/job-runner.service.js';
import { type JobPayloads, QUEUES } from '../jobs/queues.js';
import { BackupOperations } from './backup-operations.service.js';

type Payload<N extends keyof JobPayloads['backups']> = Job<JobPayloads['backups'][N]>;

/** Consumes the `backups` queue (worker processes only); progress of runs is reported on the job. */
@Processor(QUEUES.backups)
export class BackupsProcessor {
  constructor(
    private readonly jobs: JobRunner,
    private readonly operations: BackupOperations,
  ) {}

  @Process('scheduled')
  async scheduled(job: Payload<'scheduled'>): Promise<void> {
    await this.jobs.run(job, () => this.operations.scheduled(job.data.policyId, progressOf(job)));
  }

  @Process('run')
  async run(job: Payload<'run'>): Promise<void> {
    await this.jobs.run(job, () => this.operations.backUp(job.data.runId, progressOf(job)));
  }

  @Process('verify')
  async verify(job: Payload<'verify'>): Promise<void> {
    await this.jobs.run(job, () => this.operations.verify(job.data.runId, job.data.level));
  }

  @Process('drill')
  async drill(job: Payload<'drill'>): Promise<void> {
    await this.jobs.run(job, () => this.operations.drill(job.data.policyId));
  }

  @Process('restore')
  async restore(job: Payload<'restore'>): Promise<void> {
    await this.jobs.run(job, () => this.operations.restore(job.data.runId));
  }
}

/** Reports a run's progress on its job (the job board shows it). */
function progressOf(job: Job) {
  return (done: number, estimated: number): void => {
    void job.progress({ done, estimated }).catch(() => undefined);
  };
}
