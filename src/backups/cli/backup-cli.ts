import { NotFoundError as EntityNotFoundError } from '@mikro-orm/core';
import type { AuditService } from '../../audit/audit.service.js';
import { MAX_PER_PAGE } from '../../common/pagination/list-query.js';
import type { BackupOperations } from '../backup-operations.service.js';
import type { BackupPolicy } from '../backup-policy.entity.js';
import {
  VERIFY_LEVELS,
  type BackupRun,
  type BackupVerification,
  type VerifyLevel,
} from '../backup-run.entity.js';
import type { BackupPoliciesService } from '../policies/backup-policies.service.js';
import type { BackupRunsService } from '../runs/backup-runs.service.js';
import { isComplete } from '../runs/run-state.js';

/** How `npm run backup` is used; printed on `help` and after every usage error. */
export const BACKUP_CLI_USAGE = [
  'usage: npm run backup -- <command>',
  '',
  'Works with the application stopped (PostgreSQL and Redis must be reachable).',
  '',
  'commands:',
  '  run <policy id or name>                  back up now with the policy, then check the backup (quick)',
  '  list [--policy <id or name>] [--limit N]  the newest backups (default 20, at most 100)',
  '  verify <run id> [--level quick|full|drill]',
  '                                           check a backup again (default level: quick)',
  '  restore <run id> --confirm <run id>      replace the database with a backup, after a safety backup',
  '                                           of the current one; repeat the run id to confirm',
  '  help                                     show this text',
  '',
  'exit codes: 0 success, 1 failure, 2 usage error',
].join('\n');

/** Backups `list` shows when no `--limit` is given. */
export const DEFAULT_LIST_LIMIT = 20;

/** A command line understood by {@link parseBackupArgs}. */
export type BackupCommand =
  | { kind: 'help' }
  | { kind: 'run'; policy: string }
  | { kind: 'list'; policy?: string; limit: number }
  | { kind: 'verify'; runId: string; level: VerifyLevel }
  | { kind: 'restore'; runId: string };

/** The command line is not one {@link parseBackupArgs} understands: exit code 2, with the usage. */
export class BackupUsageError extends Error {
  override readonly name = 'BackupUsageError';
}

/** A command that was understood could not be carried out (unknown policy or run, not restorable). */
export class BackupCommandError extends Error {
  override readonly name = 'BackupCommandError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HELP_WORDS = new Set(['help', '--help', '-h']);

/** The options each command accepts (all take a value). */
const OPTIONS: Record<Exclude<BackupCommand['kind'], 'help'>, readonly string[]> = {
  run: [],
  list: ['--policy', '--limit'],
  verify: ['--level'],
  restore: ['--confirm'],
};

/** Splits `args` into positional arguments and `--name value` / `--name=value` options. */
function split(
  kind: keyof typeof OPTIONS,
  args: readonly string[],
): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (!OPTIONS[kind].includes(name)) {
      throw new BackupUsageError(
        OPTIONS[kind].length === 0
          ? `${kind} takes no options (got ${name})`
          : `unknown option ${name} for ${kind} (it takes ${OPTIONS[kind].join(', ')})`,
      );
    }
    if (options.has(name)) throw new BackupUsageError(`${name} is given twice`);
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (index + 1 < args.length && !args[index + 1].startsWith('--')) value = args[++index];
    if (value === undefined || value.trim() === '') throw new BackupUsageError(`${name} needs a value`);
    options.set(name, value.trim());
  }
  return { positional, options };
}

function exactly(kind: string, what: string, positional: string[]): string {
  if (positional.length === 0) throw new BackupUsageError(`${kind} needs ${what}`);
  if (positional.length > 1) {
    throw new BackupUsageError(
      `${kind} takes one ${what}, got ${positional.length}: ${positional.join(' ')}`,
    );
  }
  return positional[0].trim();
}

function runIdOf(kind: string, positional: string[]): string {
  const id = exactly(kind, 'a run id', positional);
  if (!UUID.test(id))
    throw new BackupUsageError(`"${id}" is not a backup run id (a UUID, as \`list\` shows)`);
  return id.toLowerCase();
}

/**
 * Reads the arguments after `npm run backup --` into a {@link BackupCommand}. Throws a
 * {@link BackupUsageError} naming what is wrong; the caller prints it with {@link BACKUP_CLI_USAGE}.
 */
export function parseBackupArgs(argv: readonly string[]): BackupCommand {
  const [name, ...rest] = argv;
  if (name === undefined) throw new BackupUsageError('a command is needed');
  if (HELP_WORDS.has(name)) return { kind: 'help' };
  if (!(name in OPTIONS)) throw new BackupUsageError(`unknown command "${name}"`);
  const kind = name as keyof typeof OPTIONS;
  if (rest.some((arg) => HELP_WORDS.has(arg))) return { kind: 'help' };
  const { positional, options } = split(kind, rest);
  switch (kind) {
    case 'run':
      return { kind, policy: exactly(kind, 'a policy id or name', positional) };
    case 'list': {
      if (positional.length > 0)
        throw new BackupUsageError(`list takes no arguments (got ${positional.join(' ')})`);
      const limitText = options.get('--limit');
      const limit = limitText === undefined ? DEFAULT_LIST_LIMIT : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_PAGE) {
        throw new BackupUsageError(
          `--limit must be a whole number from 1 to ${MAX_PER_PAGE} (got ${limitText})`,
        );
      }
      const policy = options.get('--policy');
      return policy === undefined ? { kind, limit } : { kind, policy, limit };
    }
    case 'verify': {
      const runId = runIdOf(kind, positional);
      const level = options.get('--level') ?? 'quick';
      if (!(VERIFY_LEVELS as readonly string[]).includes(level)) {
        throw new BackupUsageError(`--level must be one of ${VERIFY_LEVELS.join(', ')} (got ${level})`);
      }
      return { kind, runId, level: level as VerifyLevel };
    }
    case 'restore': {
      const runId = runIdOf(kind, positional);
      const confirm = options.get('--confirm');
      // The restore replaces the whole database: typing the id twice is the deliberate second step.
      if (confirm === undefined) {
        throw new BackupUsageError(`restore replaces the whole database: confirm with --confirm ${runId}`);
      }
      if (confirm.toLowerCase() !== runId) {
        throw new BackupUsageError(`--confirm must repeat the run id ${runId} (got ${confirm})`);
      }
      return { kind, runId };
    }
  }
}

/** `1234567` → `1.2 MB` (decimal units, as storage vendors count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** A progress line: `  progress: 1.20 MB of about 3.40 MB (35 %)`. */
export function formatProgress(done: number, estimated: number): string {
  const percent = estimated > 0 ? Math.min(100, Math.floor((done / estimated) * 100)) : 0;
  return `  progress: ${formatBytes(done)} of about ${formatBytes(estimated)} (${percent} %)`;
}

/** `2026-11-27T04:15:09.123Z` → `2026-11-27 04:15:09 UTC`. */
function formatTime(date: Date | null | undefined): string {
  return date ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '-';
}

function durationOf(run: Pick<BackupRun, 'startedAt' | 'finishedAt'>): string {
  if (!run.startedAt || !run.finishedAt) return '';
  return ` in ${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s`;
}

function providerName(run: Pick<BackupRun, 'targets'>, providerId: string): string {
  return run.targets.find((target) => target.providerId === providerId)?.providerName ?? providerId;
}

/** One line per verification: `  quick check on Local folder: ok, 3 objects listed…`. */
export function formatVerifications(
  run: Pick<BackupRun, 'targets'>,
  verifications: readonly BackupVerification[],
): string[] {
  return verifications.map(
    (check) =>
      `  ${check.level} check on ${providerName(run, check.providerId)}: ` +
      (check.ok ? `ok, ${check.summary}` : `FAILED, ${check.error ?? check.summary}`),
  );
}

/** The outcome of a backup run, as `run` prints it when the run is over. */
export function formatRunResult(
  run: Pick<
    BackupRun,
    | 'id'
    | 'status'
    | 'startedAt'
    | 'finishedAt'
    | 'sizeBytes'
    | 'sizeAnomaly'
    | 'targets'
    | 'verifications'
    | 'error'
  >,
): string[] {
  const lines = [
    run.status === 'failed'
      ? `Backup ${run.id} failed${durationOf(run)}: ${run.error ?? 'unknown error'}`
      : `Backup ${run.id} ${run.status}${durationOf(run)}, ${formatBytes(run.sizeBytes ?? 0)} per target`,
  ];
  for (const target of run.targets) {
    lines.push(
      `  target ${target.providerName}: ${target.status}, ${formatBytes(target.bytesWritten)} written` +
        (target.error ? ` (${target.error})` : ''),
    );
  }
  lines.push(...formatVerifications(run, run.verifications));
  if (run.sizeAnomaly) lines.push('  warning: its size is far from the usual size of this policy’s backups');
  lines.push(`Status: ${run.status}`);
  return lines;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
}

/** The runs as a table, newest first, one line each. */
export function formatRunTable(
  runs: readonly Pick<
    BackupRun,
    'id' | 'createdAt' | 'policyName' | 'trigger' | 'status' | 'sizeBytes' | 'verifications' | 'prunedAt'
  >[],
): string[] {
  const header = ['ID', 'CREATED', 'POLICY', 'TRIGGER', 'STATUS', 'SIZE', 'LAST CHECK'];
  const rows = runs.map((run) => {
    const last = run.verifications.at(-1);
    return [
      run.id,
      formatTime(run.createdAt),
      run.policyName,
      run.trigger,
      run.prunedAt ? `${run.status} (pruned)` : run.status,
      run.sizeBytes == null ? '-' : formatBytes(run.sizeBytes),
      last ? `${last.level} ${last.ok ? 'ok' : 'FAILED'}` : '-',
    ];
  });
  return pad([header, ...rows]);
}

/** Where the command's human-readable output goes. */
export interface BackupCliOutput {
  /** Results and progress (stdout). */
  line(text: string): void;
}

/** The services of the backups module the command line works with. */
export interface BackupCliServices {
  policies: Pick<BackupPoliciesService, 'list' | 'get'>;
  runs: Pick<BackupRunsService, 'create' | 'list' | 'get'>;
  operations: Pick<BackupOperations, 'backUp' | 'verify' | 'restore'>;
  audit: Pick<AuditService, 'record'>;
}

/** What the audit trail records as the origin of what the command line does. */
const VIA = 'command line';

/** The policy with id `ref`, or else the one named `ref` (exactly, then ignoring case). */
async function resolvePolicy(services: BackupCliServices, ref: string): Promise<BackupPolicy> {
  if (UUID.test(ref)) {
    try {
      return await services.policies.get(ref.toLowerCase());
    } catch (error) {
      if (!(error instanceof EntityNotFoundError)) throw error;
    }
  }
  const page = await services.policies.list({ page: 1, perPage: MAX_PER_PAGE, sort: 'name', order: 'ASC' });
  const exact = page.data.find((policy) => policy.name === ref);
  if (exact) return exact;
  const folded = page.data.filter((policy) => policy.name.toLowerCase() === ref.toLowerCase());
  if (folded.length === 1) return folded[0];
  const names = page.data.map((policy) => `"${policy.name}"`).join(', ');
  throw new BackupCommandError(`No backup policy "${ref}". Policies: ${names || 'none'}`);
}

async function findRun(services: BackupCliServices, id: string): Promise<BackupRun> {
  try {
    return await services.runs.get(id);
  } catch (error) {
    if (error instanceof EntityNotFoundError) throw new BackupCommandError(`No backup run ${id}`);
    throw error;
  }
}

async function runNow(services: BackupCliServices, ref: string, out: BackupCliOutput): Promise<number> {
  const policy = await resolvePolicy(services, ref);
  const queued = await services.runs.create(policy.id, 'manual', { enqueue: false });
  await services.audit.record({
    action: 'backup.run_started',
    target: { type: 'backup_run', id: queued.id },
    details: { policy: policy.name, via: VIA },
  });
  out.line(`Backing up with policy "${policy.name}": run ${queued.id}`);
  let last = '';
  const run = await services.operations.backUp(queued.id, (done, estimated) => {
    const line = formatProgress(done, estimated);
    if (line !== last) out.line(line);
    last = line;
  });
  for (const line of formatRunResult(run)) out.line(line);
  // A backup whose own check failed does not count (retention ignores it): neither does this run.
  return isComplete(run) ? 0 : 1;
}

async function list(
  services: BackupCliServices,
  command: Extract<BackupCommand, { kind: 'list' }>,
  out: BackupCliOutput,
): Promise<number> {
  const policy = command.policy === undefined ? undefined : await resolvePolicy(services, command.policy);
  const page = await services.runs.list({
    page: 1,
    perPage: command.limit,
    sort: 'createdAt',
    order: 'DESC',
    ...(policy ? { policyId: policy.id } : {}),
  });
  const scope = policy ? ` of policy "${policy.name}"` : '';
  if (page.total === 0) {
    out.line(`No backups${scope} yet.`);
    return 0;
  }
  for (const line of formatRunTable(page.data)) out.line(line);
  out.line(
    page.total > page.data.length
      ? `${page.total} backups${scope}; the newest ${page.data.length} are shown (--limit N for more)`
      : `${page.total} backup${page.total === 1 ? '' : 's'}${scope}`,
  );
  return 0;
}

async function verify(
  services: BackupCliServices,
  command: Extract<BackupCommand, { kind: 'verify' }>,
  out: BackupCliOutput,
): Promise<number> {
  const before = await findRun(services, command.runId);
  out.line(`Verifying backup ${before.id} (${command.level}), made ${formatTime(before.createdAt)}`);
  const run = await services.operations.verify(command.runId, command.level);
  const checks = run.verifications.slice(before.verifications.length);
  for (const line of formatVerifications(run, checks)) out.line(line);
  if (checks.length === 0) {
    out.line('No target holds a complete copy of this backup: nothing was checked.');
    return 1;
  }
  const ok = checks.every((check) => check.ok);
  out.line(
    ok ? `Verified (${command.level}): status ${run.status}` : `Verification failed (${command.level})`,
  );
  return ok ? 0 : 1;
}

async function restore(services: BackupCliServices, runId: string, out: BackupCliOutput): Promise<number> {
  const run = await findRun(services, runId);
  if (!isComplete(run) || !run.manifest?.database) {
    throw new BackupCommandError(
      `Backup ${runId} is not a complete backup of the database: it cannot be restored`,
    );
  }
  await services.audit.record({
    action: 'backup.restore_requested',
    target: { type: 'backup_run', id: runId },
    details: { policy: run.policyName, createdAt: run.createdAt.toISOString(), via: VIA },
  });
  out.line(`Restoring backup ${runId} of ${formatTime(run.createdAt)} (policy "${run.policyName}").`);
  out.line(
    'First a safety backup of the current database, then the restore; writes to the app pause meanwhile.',
  );
  const restored = await services.operations.restore(runId);
  out.line(`Restored backup ${runId}.`);
  if (restored.restore?.safetyRunId) {
    out.line(`  the database as it was before is in the safety backup ${restored.restore.safetyRunId}`);
  }
  out.line(`  photos copied back: ${restored.restore?.photosCopied ?? 0}`);
  return 0;
}

/**
 * Carries out `command` with the backups module's services, directly (no queue): prints progress
 * and results to `out` and resolves the exit code, 0 on success and 1 when the backup or check
 * failed. Rejects when the command could not be carried out ({@link BackupCommandError}, or a
 * service's error such as a ConflictError while a run of the policy is in progress).
 */
export async function executeBackupCommand(
  command: BackupCommand,
  services: BackupCliServices,
  out: BackupCliOutput,
): Promise<number> {
  switch (command.kind) {
    case 'help':
      out.line(BACKUP_CLI_USAGE);
      return 0;
    case 'run':
      return runNow(services, command.policy, out);
    case 'list':
      return list(services, command, out);
    case 'verify':
      return verify(services, command, out);
    case 'restore':
      return restore(services, command.runId, out);
  }
}
