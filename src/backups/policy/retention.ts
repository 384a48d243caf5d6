import { InvalidError } from '../../common/errors/domain-error.js';

/**
 * Which backups a policy keeps, with restic's `forget` options (`--keep-last`, `--keep-hourly`, …,
 * `--keep-within`). A snapshot is kept when any rule keeps it. A count of 0 or an absent rule disables it;
 * -1 means unlimited (every bucket), as in restic.
 */
export interface RetentionRules {
  /** Keep the N newest complete backups. */
  last?: number;
  /** Keep the newest backup of each of the N most recent hours that have one (local `YYYY-MM-DD HH`). */
  hourly?: number;
  /** Keep the newest backup of each of the N most recent local calendar days that have one. */
  daily?: number;
  /** Keep the newest backup of each of the N most recent ISO weeks (Monday–Sunday, local) that have one. */
  weekly?: number;
  /** Keep the newest backup of each of the N most recent local calendar months that have one. */
  monthly?: number;
  /** Keep the newest backup of each of the N most recent local calendar years that have one. */
  yearly?: number;
  /**
   * Keep every backup made within this duration before the newest complete backup, e.g. "30d", "1y6m",
   * "2w3d12h" (restic's y, m, d, h units, plus w = 7 days). See {@link parseRetentionDuration}.
   */
  within?: string;
}

/** One backup as retention sees it. */
export interface RetentionCandidate {
  id: string;
  /** When the backup finished (its manifest was uploaded): the time its buckets are computed from. */
  finishedAt: Date;
  /** Only complete backups (manifest uploaded) are ever considered: the others are neither kept nor forgotten. */
  complete: boolean;
}

/** What a policy decides: complete backups to keep (with why, newest first) and ids to forget (newest first). */
export interface RetentionDecision {
  /**
   * Reasons, in this order: "newest"; "last K" (the K-th newest); "hourly 2026-11-27 03"; "daily 2026-11-27";
   * "weekly 2026-W48"; "monthly 2026-11"; "yearly 2026"; "within 30d" (the rule's text).
   */
  keep: { id: string; reasons: string[] }[];
  forget: string[];
}

/** A calendar duration as restic reads it: subtracted field by field, not as a fixed number of seconds. */
export interface RetentionDuration {
  years: number;
  months: number;
  days: number;
  hours: number;
}

/** Retention rules or arguments that cannot be applied safely; the message lists every problem. */
export class InvalidRetentionError extends InvalidError {}

const BUCKET_RULES = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
type BucketRule = (typeof BUCKET_RULES)[number];
const COUNT_RULES = ['last', ...BUCKET_RULES] as const;

/**
 * Parses a restic `--keep-within` duration: one or more `<number><unit>` with units y (years), m (months),
 * w (weeks, = 7 days; restic itself lacks it), d (days), h (hours), each unit at most once, e.g. "1y6m",
 * "2w3d12h". Surrounding spaces are ignored.
 *
 * @throws InvalidRetentionError when the text is not such a duration.
 */
export function parseRetentionDuration(text: string): RetentionDuration {
  const source = text.trim();
  const invalid = () =>
    new InvalidRetentionError(
      `"${source.slice(0, 40)}" is not a duration: use numbers with units y, m, w, d, h, e.g. 30d or 1y6m`,
    );
  if (source === '') throw invalid();
  const seen = new Set<string>();
  const result: RetentionDuration = { years: 0, months: 0, days: 0, hours: 0 };
  // Sticky: each match must start where the previous one ended, so stray characters are never skipped.
  const unitPattern = /(\d+)([ymwdh])/y;
  let consumed = 0;
  for (let match = unitPattern.exec(source); match; match = unitPattern.exec(source)) {
    const [whole, digits, unit] = match;
    const value = Number(digits);
    if (seen.has(unit) || !Number.isSafeInteger(value)) throw invalid();
    seen.add(unit);
    consumed += whole.length;
    if (unit === 'y') result.years = value;
    else if (unit === 'm') result.months = value;
    else if (unit === 'w') result.days += value * 7;
    else if (unit === 'd') result.days += value;
    else result.hours = value;
  }
  if (consumed !== source.length) throw invalid();
  return result;
}

/**
 * Lists what is wrong with retention rules, as messages an admin can act on; empty when the rules are usable.
 * An empty policy (nothing set, or everything 0) is refused: restic treats it as "keep everything", but here it
 * would most likely be a mistake, and deleting everything is never what a retention policy should do.
 */
export function validateRetention(rules: RetentionRules): string[] {
  const problems: string[] = [];
  let keepsSomething = false;
  for (const rule of COUNT_RULES) {
    const value = rules[rule];
    if (value === undefined || value === null) continue;
    if (!Number.isSafeInteger(value) || value < -1) {
      problems.push(`${rule} must be a whole number, 0 or more, or -1 for unlimited`);
    } else if (value !== 0) {
      keepsSomething = true;
    }
  }
  if (rules.within !== undefined && rules.within !== null && typeof rules.within !== 'string') {
    problems.push('within must be a duration such as 30d or 1y6m');
  } else if (rules.within && rules.within.trim() !== '') {
    try {
      const duration = parseRetentionDuration(rules.within);
      if (duration.years + duration.months + duration.days + duration.hours === 0) {
        problems.push('within must be longer than zero');
      } else {
        keepsSomething = true;
      }
    } catch (error) {
      if (!(error instanceof InvalidRetentionError)) throw error;
      problems.push(`within: ${error.message}`);
    }
  }
  if (problems.length === 0 && !keepsSomething) {
    problems.push(
      'the policy keeps nothing: set at least one of last, hourly, daily, weekly, monthly, yearly, within',
    );
  }
  return problems;
}

/**
 * Decides which backups to keep, with restic's `forget` semantics, computed in the policy's time zone:
 *
 * - Incomplete candidates are ignored entirely: neither kept nor forgotten, and never counted against a rule.
 * - Complete ones are sorted newest first (ties: the greater id first, so the answer is deterministic).
 * - `last: N` keeps the N newest; each bucket rule keeps the newest backup of each of its N most recent
 *   distinct buckets (hour, day, ISO week, month, year of the local wall-clock time in `timeZone`); -1 keeps
 *   one per bucket without limit.
 * - `within` keeps every backup strictly after (newest − duration), the subtraction done on the local
 *   calendar like restic's Go `AddDate` (so 2026-03-31 minus 1m is "2026-02-31", which rolls over to
 *   2026-03-03), then the hours subtracted as real hours. As in restic, backups dated after `now` (a wrong
 *   clock) do not serve as the newest here, so one bad timestamp cannot push every other backup out of the window.
 * - The newest complete backup is always kept, whatever the rules say.
 *
 * Unlike restic, a rule with counts left over does not additionally keep the oldest backup: every kept backup
 * is the newest of its bucket. Applying the decision again to the kept backups forgets nothing.
 *
 * @throws InvalidRetentionError when the rules are invalid or empty (see {@link validateRetention}), the time
 *   zone is unknown, or a complete candidate has an invalid date.
 */
export function applyRetention(
  candidates: RetentionCandidate[],
  rules: RetentionRules,
  timeZone: string,
  now: Date = new Date(),
): RetentionDecision {
  const problems = validateRetention(rules);
  if (problems.length > 0) throw new InvalidRetentionError(`Invalid retention rules: ${problems.join('; ')}`);
  const calendar = LocalCalendar.for(timeZone);

  const complete = candidates.filter((candidate) => candidate.complete);
  for (const candidate of complete) {
    if (Number.isNaN(candidate.finishedAt.getTime())) {
      throw new InvalidRetentionError(`Backup ${candidate.id} has no valid finish time`);
    }
  }
  complete.sort(
    (a, b) => b.finishedAt.getTime() - a.finishedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  if (complete.length === 0) return { keep: [], forget: [] };

  const reasons = complete.map(() => [] as string[]);
  reasons[0].push('newest');

  const last = rules.last ?? 0;
  const lastCount = last === -1 ? complete.length : Math.min(last, complete.length);
  for (let index = 0; index < lastCount; index++) reasons[index].push(`last ${index + 1}`);

  const locals = complete.map((candidate) => calendar.fieldsOf(candidate.finishedAt));
  for (const rule of BUCKET_RULES) {
    const limit = rules[rule] ?? 0;
    if (limit === 0) continue;
    const seen = new Set<string>();
    for (let index = 0; index < complete.length; index++) {
      if (limit !== -1 && seen.size >= limit) break;
      const bucket = bucketOf(rule, locals[index]);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      reasons[index].push(`${rule} ${bucket}`);
    }
  }

  const within = rules.within?.trim();
  if (within) {
    const cutoff = withinCutoff(complete, parseRetentionDuration(within), calendar, now);
    complete.forEach((candidate, index) => {
      if (candidate.finishedAt.getTime() > cutoff) reasons[index].push(`within ${within}`);
    });
  }

  const decision: RetentionDecision = { keep: [], forget: [] };
  complete.forEach((candidate, index) => {
    if (reasons[index].length > 0) decision.keep.push({ id: candidate.id, reasons: reasons[index] });
    else decision.forget.push(candidate.id);
  });
  return decision;
}

/** The instant (ms) after which `within` keeps backups; -Infinity when the duration reaches past any date. */
function withinCutoff(
  newestFirst: RetentionCandidate[],
  duration: RetentionDuration,
  calendar: LocalCalendar,
  now: Date,
): number {
  const reference =
    newestFirst.find((candidate) => candidate.finishedAt.getTime() <= now.getTime()) ?? newestFirst[0];
  const local = calendar.fieldsOf(reference.finishedAt);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999; overflowing days and months
  // roll over the way Go's AddDate normalises them.
  const shifted = new Date(0);
  shifted.setUTCFullYear(
    local.year - duration.years,
    local.month - 1 - duration.months,
    local.day - duration.days,
  );
  shifted.setUTCHours(local.hour, local.minute, local.second, reference.finishedAt.getUTCMilliseconds());
  const cutoff = calendar.instantOf(shifted) - duration.hours * 3_600_000;
  return Number.isNaN(cutoff) ? -Infinity : cutoff;
}

/** Wall-clock fields of an instant in a time zone. */
interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function bucketOf(rule: BucketRule, local: LocalFields): string {
  const date = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
  switch (rule) {
    case 'hourly':
      return `${date} ${pad(local.hour)}`;
    case 'daily':
      return date;
    case 'weekly': {
      const { weekYear, week } = isoWeek(local.year, local.month, local.day);
      return `${pad(weekYear, 4)}-W${pad(week)}`;
    }
    case 'monthly':
      return `${pad(local.year, 4)}-${pad(local.month)}`;
    case 'yearly':
      return pad(local.year, 4);
  }
}

/**
 * ISO 8601 week of a calendar date: weeks start on Monday and belong to the year holding their Thursday,
 * so 2027-01-01 (a Friday) is in 2026-W53.
 */
function isoWeek(year: number, month: number, day: number): { weekYear: number; week: number } {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const januaryFirst = new Date(0);
  januaryFirst.setUTCFullYear(weekYear, 0, 1);
  const dayOfYear = Math.round((date.getTime() - januaryFirst.getTime()) / 86_400_000);
  return { weekYear, week: Math.floor(dayOfYear / 7) + 1 };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Wall-clock conversions for one IANA time zone through Intl (no date library). */
class LocalCalendar {
  private static readonly cache = new Map<string, LocalCalendar>();

  private constructor(private readonly format: Intl.DateTimeFormat) {}

  /** @throws InvalidRetentionError for a time zone Intl does not know. */
  static for(timeZone: string): LocalCalendar {
    let calendar = LocalCalendar.cache.get(timeZone);
    if (!calendar) {
      let format: Intl.DateTimeFormat;
      try {
        format = new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          era: 'short',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
      } catch {
        throw new InvalidRetentionError(`Unknown time zone "${timeZone.slice(0, 64)}"`);
      }
      calendar = new LocalCalendar(format);
      LocalCalendar.cache.set(timeZone, calendar);
    }
    return calendar;
  }

  fieldsOf(instant: Date): LocalFields {
    const fields: LocalFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    let beforeChrist = false;
    for (const part of this.format.formatToParts(instant)) {
      if (part.type === 'era') beforeChrist = part.value === 'BC';
      else if (part.type in fields) fields[part.type as keyof LocalFields] = Number(part.value);
    }
    // Proleptic Gregorian astronomical year numbering (1 BC = year 0), so date arithmetic stays continuous.
    if (beforeChrist) fields.year = 1 - fields.year;
    return fields;
  }

  /**
   * The instant at which the wall clock shows the given fields (read from a Date's UTC fields). A time that
   * occurs twice (autumn) gives the earlier instant; one skipped by a spring-forward gap is read with the
   * summer offset, which is also the earlier choice (02:30 on a day that jumps from 02:00 to 03:00 gives the
   * instant of 01:30 standard time). Earlier is the safe side: a `within` window then keeps more, never less.
   */
  instantOf(wall: Date): number {
    const wallMs = wall.getTime();
    if (Number.isNaN(wallMs)) return NaN;
    const offsetBefore = this.offsetAt(wallMs - 86_400_000);
    const offsetAfter = this.offsetAt(wallMs + 86_400_000);
    const matches = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
      (instant) => this.wallClockMs(instant) === wallMs,
    );
    return matches.length > 0 ? Math.min(...matches) : Math.min(wallMs - offsetBefore, wallMs - offsetAfter);
  }

  /** Offset of the zone from UTC at an instant, in ms. */
  private offsetAt(instant: number): number {
    return this.wallClockMs(instant) - instant;
  }

  /** The wall-clock time at an instant, expressed as if it were a UTC time (ms). */
  private wallClockMs(instant: number): number {
    const date = new Date(instant);
    if (Number.isNaN(date.getTime())) return NaN;
    const local = this.fieldsOf(date);
    const wall = new Date(0);
    wall.setUTCFullYear(local.year, local.month - 1, local.day);
    wall.setUTCHours(local.hour, local.minute, local.second, date.getUTCMilliseconds());
    return wall.getTime();
  }
}
