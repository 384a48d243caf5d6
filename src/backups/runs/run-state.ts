import type { BackupRun } from '../backup-run.entity.js';

/**
 * Whether a run is a backup that counts: it succeeded (every target holds it with its manifest), its
 * objects were not pruned, and its latest verification, if any, passed.
 */
export function isComplete(run: Pick<BackupRun, 'status' | 'prunedAt' | 'verifications'>): boolean {
  if (run.status !== 'succeeded' && run.status !== 'verified') return false;
  if (run.prunedAt) return false;
  const latest = run.verifications.at(-1);
  return latest === undefined || latest.ok;
}
