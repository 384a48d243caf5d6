import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../../jobs/job-runner.service.js';
import { QUEUES, type JobPayloads } from '../../jobs/queues.js';
import { PhotosService } from './photos.service.js';

/** Consumes the `photos` queue (worker processes only). */
@Processor(QUEUES.photos)
export class PhotosProcessor {
  constructor(
    private readonly runner: JobRunner,
    private readonly photos: PhotosService,
  ) {}

  @Process('thumbnails')
  async thumbnails(job: Job<JobPayloads['photos']['thumbnails']>): Promise<void> {
    try {
      await this.runner.run(job, () => this.photos.makeThumbnails(job.data.photoId));
    } catch (error) {
      // The last attempt failed: say so on the photo instead of leaving it "processing" for ever.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.photos.markFailed(job.data.photoId);
      throw error;
    }
  }

  @Process('gc')
  async gc(job: Job<JobPayloads['photos']['gc']>): Promise<number> {
    return this.runner.run(job, () => this.photos.collectGarbage());
  }
}
