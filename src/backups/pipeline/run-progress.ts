import type { EntityManager } from '@mikro-orm/postgresql';
import { BackupRun } from '../backup-run.entity.js';

/** Progress is written to the run at most this often. */
const WRITE_EVERY_MS = 1000;

/** Receives a run's progress: bytes done so far out of about `estimated`. */
export type ProgressListener = (done: number, estimated: number) => void;

/**
 * Counts the plaintext bytes a run has processed and records them on the run (throttled, in order),
 * so the console's progress bar moves while the run goes on.
 */
export class RunProgress {
  private done = 0;
  private estimated = 0;
  private lastWrite = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly em: EntityManager,
    private readonly runId: string,
    private readonly listener?: ProgressListener,
  ) {}

  /** Bytes done so far. */
  get bytesDone(): number {
    return this.done;
  }

  /** More bytes are expected (a table's size, a photo to upload). */
  expect(bytes: number): void {
    this.estimated += bytes;
    this.report(true);
  }

  /** `bytes` more are done. */
  add(bytes: number): void {
    this.done += bytes;
    this.report(false);
  }

  /** Writes the final count and waits for every pending write. */
  async flush(): Promise<void> {
    this.report(true);
    await this.writes;
  }

  private report(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastWrite < WRITE_EVERY_MS) return;
    this.lastWrite = now;
    const done = this.done;
    // The estimate can be low (a table grew); never show more than 100 %.
    const estimated = Math.max(this.estimated, done);
    this.listener?.(done, estimated);
    this.writes = this.writes
      .then(() =>
        this.em
          .fork()
          .nativeUpdate(BackupRun, { id: this.runId }, { bytesDone: done, bytesEstimated: estimated }),
      )
      .then(
        () => undefined,
        // Progress is informative: a failed write must not fail the backup.
        () => undefined,
      );
  }
}
