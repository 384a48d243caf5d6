import cronParser from 'cron-parser';
import { InvalidError } from '../../common/errors/domain-error.js';

/** Backups closer together than this are refused: a run of a real database takes minutes, not seconds. */
const MINIMUM_INTERVAL_MINUTES = 15;

/** The most run times {@link nextRuns} lists at once (the console shows a handful). */
const MAXIMUM_RUN_COUNT = 1000;

const MINUTES_PER_DAY = 24 * 60;

/** A schedule that cannot be used for backups; the message lists every problem. */
export class InvalidScheduleError extends InvalidError {}

/**
 * Whether `timeZone` is an IANA zone name this runtime knows ("Europe/Berlin", "UTC", aliases such as
 * "Asia/Calcutta"). Offsets like "+01:00" are refused: Intl accepts them on recent Node versions, but the cron
 * library that Bull schedules with does not.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || !/^[A-Za-z]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Lists what is wrong with a backup schedule, as messages an admin can act on; empty when it is usable.
 *
 * The schedule is a five-field cron expression (minute hour day-of-month month day-of-week, read by the same
 * cron-parser that Bull's repeatable jobs use), evaluated in `timeZone`. Six fields (seconds) and `@daily`
 * style aliases are refused. So is a schedule whose runs can come less than 15 minutes apart on the wall clock;
 * the last run of a day and the first of the next count as consecutive even when the day fields would never
 * let two such days follow each other (a deliberately cautious reading), and a daylight-saving jump is not
 * counted (01:55 and 03:05 on a spring-forward night are 70 wall-clock minutes apart, 10 real ones).
 */
export function validateSchedule(cron: string, timeZone: string): string[] {
  const problems: string[] = [];
  const zoneKnown = isValidTimeZone(timeZone);
  if (!zoneKnown) problems.push(`unknown time zone "${String(timeZone).slice(0, 64)}"`);

  const fields = typeof cron === 'string' ? cron.trim().split(/\s+/) : [];
  if (fields.length !== 5) {
    problems.push('the schedule must have 5 fields: minute hour day-of-month month day-of-week');
    return problems;
  }
  let expression: ReturnType<typeof cronParser.parseExpression>;
  try {
    expression = cronParser.parseExpression(fields.join(' '), { tz: zoneKnown ? timeZone : 'UTC' });
  } catch (error) {
    problems.push(`invalid schedule: ${(error as Error).message.slice(0, 200)}`);
    return problems;
  }

  const gap = shortestGapMinutes(expression.fields.hour, expression.fields.minute);
  if (gap < MINIMUM_INTERVAL_MINUTES) {
    problems.push(
      `runs as often as every ${gap} minute${gap === 1 ? '' : 's'}: backups must be at least ` +
        `${MINIMUM_INTERVAL_MINUTES} minutes apart`,
    );
  }
  return problems;
}

/**
 * The next `count` run times of a backup schedule strictly after `from` (default: now), as the Bull repeatable
 * job would start them. Around daylight-saving changes this follows cron-parser 4.9: a wall-clock time skipped
 * in spring runs one hour later (02:30 → 03:30), and a time repeated in autumn runs once, at its first occurrence.
 *
 * @throws InvalidScheduleError when {@link validateSchedule} finds a problem.
 * @throws RangeError when `count` is not a whole number from 0 to 1000, or `from` is not a valid date.
 */
export function nextRuns(cron: string, timeZone: string, count: number, from: Date = new Date()): Date[] {
  if (!Number.isInteger(count) || count < 0 || count > MAXIMUM_RUN_COUNT) {
    throw new RangeError(`count must be a whole number from 0 to ${MAXIMUM_RUN_COUNT}`);
  }
  if (Number.isNaN(from.getTime())) throw new RangeError('from must be a valid date');
  const problems = validateSchedule(cron, timeZone);
  if (problems.length > 0) throw new InvalidScheduleError(`Invalid backup schedule: ${problems.join('; ')}`);
  const expression = cronParser.parseExpression(cron.trim().split(/\s+/).join(' '), {
    tz: timeZone,
    currentDate: from,
  });
  const runs: Date[] = [];
  for (let index = 0; index < count; index++) runs.push(expression.next().toDate());
  return runs;
}

/** Scheduled runs looked at to find a schedule's longest gap: enough for any weekly or monthly pattern. */
const INTERVAL_SAMPLE_RUNS = 40;

/**
 * The longest time between two consecutive scheduled runs over the coming {@link INTERVAL_SAMPLE_RUNS}
 * runs, in seconds: how old the newest backup may normally get (a day for a daily schedule, a week for a
 * weekly one, the longest gap of an uneven one such as weekdays only).
 *
 * @throws InvalidScheduleError when {@link validateSchedule} finds a problem.
 */
export function longestIntervalSeconds(cron: string, timeZone: string, from: Date = new Date()): number {
  const runs = nextRuns(cron, timeZone, INTERVAL_SAMPLE_RUNS, from);
  let longest = 0;
  for (let index = 1; index < runs.length; index++) {
    longest = Math.max(longest, runs[index].getTime() - runs[index - 1].getTime());
  }
  return longest / 1000;
}

/** Smallest wall-clock distance between two runs, midnight wrap-around included (once a day: 1440). */
function shortestGapMinutes(hours: readonly number[], minutes: readonly number[]): number {
  const times = hours.flatMap((hour) => minutes.map((minute) => hour * 60 + minute)).sort((a, b) => a - b);
  let shortest = times[0] + MINUTES_PER_DAY - times[times.length - 1];
  for (let index = 1; index < times.length; index++) {
    shortest = Math.min(shortest, times[index] - times[index - 1]);
  }
  return shortest;
}
