/**
 * Thrown by a job handler when retrying cannot help (the input is invalid, the target is gone):
 * the job is discarded and fails once instead of being retried.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
