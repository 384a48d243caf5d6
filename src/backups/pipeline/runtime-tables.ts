/**
 * Tables whose rows describe the backups themselves rather than the collection. Their data is left
 * out of dumps (their definition is kept): a restore must not bring back an old history of runs
 * that would forget the backups made since, so a restore keeps the current rows instead.
 */
export const BACKUP_STATE_TABLES = ['public.backup_run', 'public.backup_photo_object'] as const;

/** Row counts of the tables a dump holds the data of (the backup state tables are left out). */
export function dumpedRowCounts(counts: Record<string, number>): Record<string, number> {
  const excluded = new Set<string>(BACKUP_STATE_TABLES);
  return Object.fromEntries(Object.entries(counts).filter(([table]) => !excluded.has(table)));
}
