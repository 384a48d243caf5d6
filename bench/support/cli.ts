import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root, where the benchmarks build and start the app. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Administration URL of the PostgreSQL server the benchmarks create their databases on. */
export const BENCH_ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A line of the report, on standard output. */
export function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** A line about the run itself (not a result), on standard error. */
export function warn(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** The integer environment variable `name` (at least `minimum`), or `fallback` when it is unset. */
export function positiveInteger(name: string, fallback: number, minimum = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`${name} must be an integer of at least ${minimum} (got ${raw})`);
  return value;
}

/** What `git <args>` prints in the repository, or undefined when it fails (no git, no repository). */
export function git(...args: string[]): string | undefined {
  const result = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
