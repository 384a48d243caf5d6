import type { JobOptions, Queue } from 'bull';

/** Names of every Bull queue of the application. */
export const QUEUES = {
  /** Housekeeping of the instance itself (worker heartbeat). */
  system: 'system',
  /** Thumbnails of uploaded photos, and clean-up of blobs no photo uses any more. */
  photos: 'photos',
  /** Backup runs, their verification and restores (one job at a time). */
  backups: 'backups',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * The jobs each queue accepts and their payloads: the typed contract between producers and processors.
 * Payloads are plain JSON (they are stored in Redis).
 */
export interface JobPayloads {
  system: {
    /** Records that a worker is alive and consuming jobs. */
    heartbeat: Record<string, never>;
    /** Recomputes the instance's collection metrics and stores them in Redis for every /metrics. */
    'collection-metrics': Record<string, never>;
  };
  photos: {
    /** Writes the WebP thumbnails of a photo and marks it ready. */
    thumbnails: { photoId: string };
    /** Deletes photo blobs that no photo refers to any more. */
    gc: Record<string, never>;
  };
  backups: {
    /** Fired by a policy's schedule: starts a run unless one of the policy is active. */
    scheduled: { policyId: string };
    /** Executes a queued run (started on demand). */
    run: { runId: string };
    /** Verifies a run at a level. */
    verify: { runId: string; level: 'quick' | 'full' | 'drill' };
    /** Fired by a policy's drill schedule: restores its newest good backup into a scratch database. */
    drill: { policyId: string };
    /** Restores a run into the live database, after a safety backup. */
    restore: { runId: string };
  };
}

/** A Bull queue whose `add` only accepts the jobs declared for it in {@link JobPayloads}. */
export type TypedQueue<Q extends QueueName> = Omit<Queue, 'add'> & {
  add<N extends keyof JobPayloads[Q] & string>(
    name: N,
    data: JobPayloads[Q][N],
    options?: JobOptions,
  ): ReturnType<Queue['add']>;
};

/** Completed jobs kept for the job board. */
const KEEP_COMPLETED = 1000;
/** Failed jobs kept for inspection. */
const KEEP_FAILED = 5000;

/** Retry policy shared by every queue: 5 attempts with exponential backoff from 2 s. */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
};
