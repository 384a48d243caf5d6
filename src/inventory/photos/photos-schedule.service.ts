import { InjectQueue } from '@nestjs/bull';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type TypedQueue } from '../../jobs/queues.js';

/** How often unreferenced photo blobs are cleaned up. */
const GC_EVERY_MS = 60 * 60 * 1000;

/** Registers the hourly photo blob clean-up at every start (registering again never duplicates it). */
@Injectable()
export class PhotosSchedule implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.photos) private readonly queue: TypedQueue<'photos'>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add('gc', {}, { repeat: { every: GC_EVERY_MS }, jobId: 'photos-gc', attempts: 1 });
  }
}
