import {
  applyRetention,
  InvalidRetentionError,
  parseRetentionDuration,
  validateRetention,
  type RetentionCandidate,
  type RetentionRules,
} from './retention.js';

/**
 * Worked cases. Every expectation was computed by hand; local times and ISO weeks were checked against
 * GNU `date` (TZ=…) and Python's `date.isocalendar()`, never against the code under test.
 *
 * Calendar facts used below:
 * - Europe/Berlin: 2026-03-29 01:00Z jumps 02:00 CET → 03:00 CEST (23-hour day); 2026-10-25 01:00Z falls back
 *   03:00 CEST → 02:00 CET (25-hour day, 02:00–02:59 happens twice).
 * - America/New_York: 2026-03-08 07:00Z jumps 02:00 EST → 03:00 EDT; 2026-11-01 06:00Z falls back
 *   02:00 EDT → 01:00 EST (01:00–01:59 happens twice).
 * - 2026 has 53 ISO weeks: 2026-01-01 is a Thursday (and 2026 is not a leap year, so 2026-12-31 is a Thursday
 *   too). 2026-W53 runs from Monday 2026-12-28 to Sunday 2027-01-03, so 2026-12-31 and 2027-01-01/02/03 are
 *   all in 2026-W53; 2027-W01 starts on Monday 2027-01-04.
 */
interface Case {
  name: string;
  rules: RetentionRules;
  timeZone: string;
  now?: string;
  /** id, finish time (UTC), complete (default true) */
  candidates: [string, string, boolean?][];
  keep: [string, string[]][];
  forget: string[];
}

const LATER = '2030-01-01T00:00:00Z';

const cases: Case[] = [
  {
    name: 'month boundary: a backup at 00:30 on 1 May in Berlin (still 30 April in UTC) belongs to May',
    rules: { monthly: 2 },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['apr-10', '2026-04-10T10:00:00Z'],
      ['apr-30-2200', '2026-04-30T20:00:00Z'], // 22:00 CEST 30 April
      ['may-01-0030', '2026-04-30T22:30:00Z'], // 00:30 CEST 1 May
      ['may-15', '2026-05-15T10:00:00Z'],
    ],
    keep: [
      ['may-15', ['newest', 'monthly 2026-05']],
      ['apr-30-2200', ['monthly 2026-04']],
    ],
    forget: ['may-01-0030', 'apr-10'],
  },
  {
    name: 'month boundary: the same backups in UTC put the 22:30Z one in April, where it is the newest',
    rules: { monthly: 2 },
    timeZone: 'UTC',
    candidates: [
      ['apr-10', '2026-04-10T10:00:00Z'],
      ['apr-30-2200', '2026-04-30T20:00:00Z'],
      ['may-01-0030', '2026-04-30T22:30:00Z'],
      ['may-15', '2026-05-15T10:00:00Z'],
    ],
    keep: [
      ['may-15', ['newest', 'monthly 2026-05']],
      ['may-01-0030', ['monthly 2026-04']],
    ],
    forget: ['apr-30-2200', 'apr-10'],
  },
  {
    name: 'year boundary in New York: 22:00 EST on 31 December is already 2027 in UTC but counts for 2026',
    rules: { daily: 1, yearly: 2 },
    timeZone: 'America/New_York',
    candidates: [
      ['jun', '2026-06-01T12:00:00Z'],
      ['dec31-1000', '2026-12-31T15:00:00Z'], // 10:00 EST 31 Dec
      ['dec31-2200', '2027-01-01T03:00:00Z'], // 22:00 EST 31 Dec
      ['jan01-0100', '2027-01-01T06:00:00Z'], // 01:00 EST 1 Jan
    ],
    keep: [
      ['jan01-0100', ['newest', 'daily 2027-01-01', 'yearly 2027']],
      ['dec31-2200', ['yearly 2026']],
    ],
    forget: ['dec31-1000', 'jun'],
  },
  {
    name: 'year boundary: monthly 3 keeps January, the last second of December and November',
    rules: { monthly: 3 },
    timeZone: 'UTC',
    candidates: [
      ['nov-30', '2026-11-30T03:00:00Z'],
      ['dec-15', '2026-12-15T03:00:00Z'],
      ['dec-31-2359', '2026-12-31T23:59:59Z'],
      ['jan-01-0000', '2027-01-01T00:00:00Z'],
      ['jan-20', '2027-01-20T03:00:00Z'],
    ],
    keep: [
      ['jan-20', ['newest', 'monthly 2027-01']],
      ['dec-31-2359', ['monthly 2026-12']],
      ['nov-30', ['monthly 2026-11']],
    ],
    forget: ['jan-01-0000', 'dec-15'],
  },
  {
    name: 'DST spring forward in Berlin: 00:30Z and 01:10Z are consecutive UTC hours but local hours 01 and 03',
    rules: { hourly: 3 },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['h00-30', '2026-03-28T23:30:00Z'], // 00:30 CET
      ['h01-30', '2026-03-29T00:30:00Z'], // 01:30 CET
      ['h01-50', '2026-03-29T00:50:00Z'], // 01:50 CET
      ['h03-10', '2026-03-29T01:10:00Z'], // 03:10 CEST
      ['h03-40', '2026-03-29T01:40:00Z'], // 03:40 CEST
    ],
    keep: [
      ['h03-40', ['newest', 'hourly 2026-03-29 03']],
      ['h01-50', ['hourly 2026-03-29 01']],
      ['h00-30', ['hourly 2026-03-29 00']],
    ],
    forget: ['h03-10', 'h01-30'],
  },
  {
    name: 'DST fall back in Berlin: the 25-hour day is one daily bucket, and both 02:30s share one hourly bucket',
    rules: { hourly: 2, daily: 2 },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['oct24-2330', '2026-10-24T21:30:00Z'], // 23:30 CEST 24 Oct
      ['oct25-0030', '2026-10-24T22:30:00Z'], // 00:30 CEST 25 Oct
      ['oct25-0230-cest', '2026-10-25T00:30:00Z'], // first 02:30 (CEST)
      ['oct25-0230-cet', '2026-10-25T01:30:00Z'], // repeated 02:30 (CET)
      ['oct25-2330', '2026-10-25T22:30:00Z'], // 23:30 CET 25 Oct, 24 h after 00:30 and still the same day
    ],
    keep: [
      ['oct25-2330', ['newest', 'hourly 2026-10-25 23', 'daily 2026-10-25']],
      ['oct25-0230-cet', ['hourly 2026-10-25 02']],
      ['oct24-2330', ['daily 2026-10-24']],
    ],
    forget: ['oct25-0230-cest', 'oct25-0030'],
  },
  {
    name: 'DST fall back in New York: 01:30 EDT and 01:30 EST share one hourly bucket; 23:30 EST is still 1 Nov',
    rules: { hourly: 2, daily: 2 },
    timeZone: 'America/New_York',
    candidates: [
      ['oct31-0800', '2026-10-31T12:00:00Z'], // 08:00 EDT 31 Oct
      ['oct31-2330', '2026-11-01T03:30:00Z'], // 23:30 EDT 31 Oct
      ['nov01-0130-edt', '2026-11-01T05:30:00Z'],
      ['nov01-0130-est', '2026-11-01T06:30:00Z'],
      ['nov01-2330', '2026-11-02T04:30:00Z'], // 23:30 EST 1 Nov
    ],
    keep: [
      ['nov01-2330', ['newest', 'hourly 2026-11-01 23', 'daily 2026-11-01']],
      ['nov01-0130-est', ['hourly 2026-11-01 01']],
      ['oct31-2330', ['daily 2026-10-31']],
    ],
    forget: ['nov01-0130-edt', 'oct31-0800'],
  },
  {
    name: 'ISO week 53: 2026-12-28 to 2027-01-03 is 2026-W53, 2027-01-04 starts 2027-W01',
    rules: { weekly: 3 },
    timeZone: 'UTC',
    candidates: [
      ['2026-12-20', '2026-12-20T12:00:00Z'], // Sunday, W51
      ['2026-12-24', '2026-12-24T12:00:00Z'], // Thursday, W52
      ['2026-12-27', '2026-12-27T12:00:00Z'], // Sunday, W52
      ['2026-12-28', '2026-12-28T12:00:00Z'], // Monday, W53
      ['2026-12-31', '2026-12-31T12:00:00Z'], // Thursday, W53
      ['2027-01-02', '2027-01-02T12:00:00Z'], // Saturday, still 2026-W53
      ['2027-01-04', '2027-01-04T12:00:00Z'], // Monday, 2027-W01
    ],
    keep: [
      ['2027-01-04', ['newest', 'weekly 2027-W01']],
      ['2027-01-02', ['weekly 2026-W53']],
      ['2026-12-27', ['weekly 2026-W52']],
    ],
    forget: ['2026-12-31', '2026-12-28', '2026-12-24', '2026-12-20'],
  },
  {
    name: 'ISO week from the local date: 23:30Z on Sunday 3 Jan is Monday 00:30 in Berlin, so 2027-W01',
    rules: { weekly: 2 },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['mon-w53', '2026-12-28T08:00:00Z'],
      ['sun-w53', '2027-01-03T12:00:00Z'],
      ['mon-w01', '2027-01-03T23:30:00Z'],
    ],
    keep: [
      ['mon-w01', ['newest', 'weekly 2027-W01']],
      ['sun-w53', ['weekly 2026-W53']],
    ],
    forget: ['mon-w53'],
  },
  {
    name: 'gaps of missing days: daily 7 reaches back over the gaps to the 7th day that has a backup',
    rules: { daily: 7 },
    timeZone: 'UTC',
    candidates: [
      ['2026-11-01', '2026-11-01T03:00:00Z'],
      ['2026-11-02', '2026-11-02T03:00:00Z'],
      ['2026-11-03', '2026-11-03T03:00:00Z'],
      ['2026-11-05', '2026-11-05T03:00:00Z'],
      ['2026-11-06', '2026-11-06T03:00:00Z'],
      ['2026-11-09', '2026-11-09T03:00:00Z'],
      ['2026-11-10', '2026-11-10T03:00:00Z'],
      ['2026-11-14', '2026-11-14T03:00:00Z'],
      ['2026-11-20', '2026-11-20T03:00:00Z'],
      ['2026-11-21', '2026-11-21T03:00:00Z'],
      ['2026-11-21-late', '2026-11-21T15:00:00Z'],
      ['2026-11-22', '2026-11-22T03:00:00Z'],
    ],
    keep: [
      ['2026-11-22', ['newest', 'daily 2026-11-22']],
      ['2026-11-21-late', ['daily 2026-11-21']],
      ['2026-11-20', ['daily 2026-11-20']],
      ['2026-11-14', ['daily 2026-11-14']],
      ['2026-11-10', ['daily 2026-11-10']],
      ['2026-11-09', ['daily 2026-11-09']],
      ['2026-11-06', ['daily 2026-11-06']],
    ],
    forget: ['2026-11-21', '2026-11-05', '2026-11-03', '2026-11-02', '2026-11-01'],
  },
  {
    name: 'incomplete backups are neither kept nor forgotten, never newest, and never use up a count',
    rules: { last: 2, daily: 2 },
    timeZone: 'UTC',
    candidates: [
      ['c-23', '2026-11-23T03:00:00Z'],
      ['c-24', '2026-11-24T03:00:00Z'],
      ['i-25', '2026-11-25T03:00:00Z', false],
      ['c-26', '2026-11-26T03:00:00Z'],
      ['i-26-late', '2026-11-26T20:00:00Z', false],
    ],
    keep: [
      ['c-26', ['newest', 'last 1', 'daily 2026-11-26']],
      ['c-24', ['last 2', 'daily 2026-11-24']],
    ],
    forget: ['c-23'],
  },
  {
    name: 'within 1h: the newest is kept, 59 minutes before it too, exactly 60 minutes before is not',
    rules: { within: '1h' },
    timeZone: 'UTC',
    candidates: [
      ['older', '2026-11-26T03:00:00Z'],
      ['60min', '2026-11-27T02:00:00Z'],
      ['59min', '2026-11-27T02:01:00Z'],
      ['newest', '2026-11-27T03:00:00Z'],
    ],
    keep: [
      ['newest', ['newest', 'within 1h']],
      ['59min', ['within 1h']],
    ],
    forget: ['60min', 'older'],
  },
  {
    name: 'within ignores a backup dated in the future (wrong clock) as its reference, but still keeps it',
    rules: { within: '1d' },
    timeZone: 'UTC',
    now: '2026-11-27T12:00:00Z',
    candidates: [
      ['two-days', '2026-11-25T03:00:00Z'],
      ['yesterday-0400', '2026-11-26T04:00:00Z'],
      ['today', '2026-11-27T03:00:00Z'], // the reference: cut-off 2026-11-26T03:00Z
      ['future', '2026-11-28T03:00:00Z'],
    ],
    keep: [
      ['future', ['newest', 'within 1d']],
      ['today', ['within 1d']],
      ['yesterday-0400', ['within 1d']],
    ],
    forget: ['two-days'],
  },
  {
    name: 'keep-last 3 keeps the three newest, whatever their calendar',
    rules: { last: 3 },
    timeZone: 'UTC',
    candidates: [
      ['b1', '2026-11-27T01:00:00Z'],
      ['b2', '2026-11-27T02:00:00Z'],
      ['b3', '2026-11-27T03:00:00Z'],
      ['b4', '2026-11-27T04:00:00Z'],
      ['b5', '2026-11-27T05:00:00Z'],
    ],
    keep: [
      ['b5', ['newest', 'last 1']],
      ['b4', ['last 2']],
      ['b3', ['last 3']],
    ],
    forget: ['b2', 'b1'],
  },
  {
    name: 'daily -1 (unlimited) keeps the newest of every day, however old',
    rules: { daily: -1 },
    timeZone: 'UTC',
    candidates: [
      ['old', '2020-01-01T03:00:00Z'],
      ['d1a', '2026-11-01T03:00:00Z'],
      ['d1b', '2026-11-01T15:00:00Z'],
      ['d2', '2026-11-02T03:00:00Z'],
      ['d5a', '2026-11-05T03:00:00Z'],
      ['d5b', '2026-11-05T04:00:00Z'],
    ],
    keep: [
      ['d5b', ['newest', 'daily 2026-11-05']],
      ['d2', ['daily 2026-11-02']],
      ['d1b', ['daily 2026-11-01']],
      ['old', ['daily 2020-01-01']],
    ],
    forget: ['d5a', 'd1a'],
  },
  {
    name: 'last -1 (unlimited) keeps everything',
    rules: { last: -1 },
    timeZone: 'UTC',
    candidates: [
      ['x1', '2026-11-25T03:00:00Z'],
      ['x2', '2026-11-26T03:00:00Z'],
      ['x3', '2026-11-26T04:00:00Z'],
    ],
    keep: [
      ['x3', ['newest', 'last 1']],
      ['x2', ['last 2']],
      ['x1', ['last 3']],
    ],
    forget: [],
  },
  {
    name: 'within 1m from 31 March: "31 February" rolls over to 3 March as in restic, so 28 February is out',
    rules: { within: '1m' },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['feb28-noon', '2026-02-28T12:00:00Z'],
      ['mar03-0300', '2026-03-03T02:00:00Z'], // 03:00 CET 3 March: exactly the cut-off
      ['mar03-0330', '2026-03-03T02:30:00Z'],
      ['mar31-0300', '2026-03-31T01:00:00Z'], // 03:00 CEST 31 March
    ],
    keep: [
      ['mar31-0300', ['newest', 'within 1m']],
      ['mar03-0330', ['within 1m']],
    ],
    forget: ['mar03-0300', 'feb28-noon'],
  },
  {
    name: 'within 1d is a calendar day: across the 23-hour spring-forward day it spans 23 hours',
    rules: { within: '1d' },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['23h30-before', '2026-03-28T10:30:00Z'], // 11:30 CET 28 March
      ['22h30-before', '2026-03-28T11:30:00Z'], // 12:30 CET 28 March
      ['newest', '2026-03-29T10:00:00Z'], // 12:00 CEST 29 March; cut-off 12:00 CET 28 March = 11:00Z
    ],
    keep: [
      ['newest', ['newest', 'within 1d']],
      ['22h30-before', ['within 1d']],
    ],
    forget: ['23h30-before'],
  },
  {
    name: 'within 24h is 24 real hours, even across the spring-forward day',
    rules: { within: '24h' },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['23h30-before', '2026-03-28T10:30:00Z'],
      ['22h30-before', '2026-03-28T11:30:00Z'],
      ['newest', '2026-03-29T10:00:00Z'],
    ],
    keep: [
      ['newest', ['newest', 'within 24h']],
      ['22h30-before', ['within 24h']],
      ['23h30-before', ['within 24h']],
    ],
    forget: [],
  },
  {
    name: 'within 1d landing in New York’s skipped hour (02:30 on 8 March) takes the earlier reading, 01:30 EST',
    rules: { within: '1d' },
    timeZone: 'America/New_York',
    candidates: [
      ['0115-est', '2026-03-08T06:15:00Z'],
      ['0145-est', '2026-03-08T06:45:00Z'],
      ['newest', '2026-03-09T06:30:00Z'], // 02:30 EDT 9 March
    ],
    keep: [
      ['newest', ['newest', 'within 1d']],
      ['0145-est', ['within 1d']],
    ],
    forget: ['0115-est'],
  },
  {
    name: 'within 1d landing in Berlin’s repeated hour (02:30 on 25 October) takes the earlier one, 02:30 CEST',
    rules: { within: '1d' },
    timeZone: 'Europe/Berlin',
    candidates: [
      ['0215-cest', '2026-10-25T00:15:00Z'],
      ['0245-cest', '2026-10-25T00:45:00Z'], // would be out if the cut-off were the later 02:30 (CET, 01:30Z)
      ['newest', '2026-10-26T01:30:00Z'], // 02:30 CET 26 October
    ],
    keep: [
      ['newest', ['newest', 'within 1d']],
      ['0245-cest', ['within 1d']],
    ],
    forget: ['0215-cest'],
  },
  {
    name: 'within 2w3d12h: 17 calendar days then 12 hours before the newest',
    rules: { within: '2w3d12h' },
    timeZone: 'UTC',
    candidates: [
      ['at-cutoff', '2026-11-10T00:00:00Z'],
      ['after-cutoff', '2026-11-10T00:30:00Z'],
      ['newest', '2026-11-27T12:00:00Z'],
    ],
    keep: [
      ['newest', ['newest', 'within 2w3d12h']],
      ['after-cutoff', ['within 2w3d12h']],
    ],
    forget: ['at-cutoff'],
  },
  {
    name: 'rules combine: a backup is kept when any rule keeps it, with every reason listed',
    rules: { last: 1, daily: 2, weekly: 2, within: '12h' },
    timeZone: 'UTC',
    candidates: [
      ['sat', '2026-11-21T03:00:00Z'],
      ['sun', '2026-11-22T03:00:00Z'],
      ['mon', '2026-11-23T03:00:00Z'],
      ['mon-late', '2026-11-23T20:00:00Z'],
      ['tue', '2026-11-24T03:00:00Z'],
    ],
    keep: [
      ['tue', ['newest', 'last 1', 'daily 2026-11-24', 'weekly 2026-W48', 'within 12h']],
      ['mon-late', ['daily 2026-11-23', 'within 12h']],
      ['sun', ['weekly 2026-W47']],
    ],
    forget: ['mon', 'sat'],
  },
];

function toCandidates(rows: Case['candidates']): RetentionCandidate[] {
  return rows.map(([id, finishedAt, complete = true]) => ({
    id,
    finishedAt: new Date(finishedAt),
    complete,
  }));
}

/** 400 days of one backup a day, 2025-10-24 to 2026-11-27, at 01:00Z (02:00 or 03:00 in Berlin, same date). */
function dailyHistory(): RetentionCandidate[] {
  const history: RetentionCandidate[] = [];
  for (let day = 0; day < 400; day++) {
    const finishedAt = new Date(Date.UTC(2025, 9, 24 + day, 1));
    history.push({ id: finishedAt.toISOString().slice(0, 10), finishedAt, complete: true });
  }
  return history;
}

const DEFAULT_POLICY: RetentionRules = { daily: 7, weekly: 4, monthly: 12 };

/** The error `action` throws (fails the test when it throws nothing). */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('applyRetention', () => {
  it.each(cases)('$name', ({ candidates, rules, timeZone, now, keep, forget }) => {
    const decision = applyRetention(toCandidates(candidates), rules, timeZone, new Date(now ?? LATER));
    expect(decision).toEqual({ keep: keep.map(([id, reasons]) => ({ id, reasons })), forget });
  });

  it('the default policy (daily 7, weekly 4, monthly 12) over 400 days of daily backups keeps exactly 20', () => {
    // Hand count: 7 days (21–27 Nov, Sat–Fri); the 4 newest ISO weeks end on Fri 27 Nov and Sun 22 Nov
    // (both already daily) plus Sun 15 and Sun 8 Nov (2 more); the 12 newest months are Nov 2026 (the newest,
    // already kept) and the last days of Oct 2026 back to Dec 2025 (11 more). 7 + 2 + 11 = 20.
    const history = dailyHistory();
    expect(history[0].id).toBe('2025-10-24');
    expect(history[399].id).toBe('2026-11-27');
    const decision = applyRetention(history, DEFAULT_POLICY, 'Europe/Berlin', new Date(LATER));
    expect(decision.keep).toEqual([
      { id: '2026-11-27', reasons: ['newest', 'daily 2026-11-27', 'weekly 2026-W48', 'monthly 2026-11'] },
      { id: '2026-11-26', reasons: ['daily 2026-11-26'] },
      { id: '2026-11-25', reasons: ['daily 2026-11-25'] },
      { id: '2026-11-24', reasons: ['daily 2026-11-24'] },
      { id: '2026-11-23', reasons: ['daily 2026-11-23'] },
      { id: '2026-11-22', reasons: ['daily 2026-11-22', 'weekly 2026-W47'] },
      { id: '2026-11-21', reasons: ['daily 2026-11-21'] },
      { id: '2026-11-15', reasons: ['weekly 2026-W46'] },
      { id: '2026-11-08', reasons: ['weekly 2026-W45'] },
      { id: '2026-10-31', reasons: ['monthly 2026-10'] },
      { id: '2026-09-30', reasons: ['monthly 2026-09'] },
      { id: '2026-08-31', reasons: ['monthly 2026-08'] },
      { id: '2026-07-31', reasons: ['monthly 2026-07'] },
      { id: '2026-06-30', reasons: ['monthly 2026-06'] },
      { id: '2026-05-31', reasons: ['monthly 2026-05'] },
      { id: '2026-04-30', reasons: ['monthly 2026-04'] },
      { id: '2026-03-31', reasons: ['monthly 2026-03'] },
      { id: '2026-02-28', reasons: ['monthly 2026-02'] },
      { id: '2026-01-31', reasons: ['monthly 2026-01'] },
      { id: '2025-12-31', reasons: ['monthly 2025-12'] },
    ]);
    expect(decision.forget).toHaveLength(380);
    expect(decision.forget[0]).toBe('2026-11-20');
    expect(decision.forget.at(-1)).toBe('2025-10-24');
  });

  const scenarios = [
    ...cases.map((entry) => ({
      name: entry.name,
      candidates: toCandidates(entry.candidates),
      rules: entry.rules,
      timeZone: entry.timeZone,
      now: new Date(entry.now ?? LATER),
    })),
    {
      name: 'the default policy over 400 days',
      candidates: dailyHistory(),
      rules: DEFAULT_POLICY,
      timeZone: 'Europe/Berlin',
      now: new Date(LATER),
    },
  ];

  it.each(scenarios)(
    'is idempotent and partitions the complete backups: $name',
    ({ candidates, rules, timeZone, now }) => {
      const first = applyRetention(candidates, rules, timeZone, now);
      const completeIds = candidates.filter((c) => c.complete).map((c) => c.id);
      expect([...first.keep.map((k) => k.id), ...first.forget].sort()).toEqual([...completeIds].sort());

      const keptIds = new Set(first.keep.map((k) => k.id));
      const remaining = candidates.filter((c) => !c.complete || keptIds.has(c.id));
      const second = applyRetention(remaining, rules, timeZone, now);
      expect(second.forget).toEqual([]);
      expect(second.keep.map((k) => k.id)).toEqual(first.keep.map((k) => k.id));
    },
  );

  it('has nothing to decide when there is no complete backup', () => {
    const candidates = toCandidates([['running', '2026-11-27T03:00:00Z', false]]);
    expect(applyRetention(candidates, { last: 1 }, 'UTC')).toEqual({ keep: [], forget: [] });
    expect(applyRetention([], { last: 1 }, 'UTC')).toEqual({ keep: [], forget: [] });
  });

  it('orders backups that finished at the same instant by id, so the answer does not depend on input order', () => {
    const rows: Case['candidates'] = [
      ['a', '2026-11-27T03:00:00Z'],
      ['b', '2026-11-27T03:00:00Z'],
      ['c', '2026-11-26T03:00:00Z'],
    ];
    const expected = {
      keep: [{ id: 'b', reasons: ['newest', 'daily 2026-11-27'] }],
      forget: ['a', 'c'],
    };
    expect(applyRetention(toCandidates(rows), { daily: 1 }, 'UTC')).toEqual(expected);
    expect(applyRetention(toCandidates([...rows].reverse()), { daily: 1 }, 'UTC')).toEqual(expected);
  });

  it('refuses to decide with an empty or invalid policy, an unknown time zone or an invalid date', () => {
    const candidates = toCandidates([['a', '2026-11-27T03:00:00Z']]);
    expect(() => applyRetention(candidates, {}, 'UTC')).toThrow(InvalidRetentionError);
    expect(() => applyRetention(candidates, { daily: 0, within: '' }, 'UTC')).toThrow(/keeps nothing/);
    expect(() => applyRetention(candidates, { daily: -2 }, 'UTC')).toThrow(/daily must be/);
    expect(() => applyRetention(candidates, { daily: 7 }, 'Mars/Olympus_Mons')).toThrow(
      'Unknown time zone "Mars/Olympus_Mons"',
    );
    const broken = [{ id: 'broken', finishedAt: new Date('not a date'), complete: true }];
    expect(() => applyRetention(broken, { daily: 7 }, 'UTC')).toThrow(
      'Backup broken has no valid finish time',
    );
    expect(thrownBy(() => applyRetention(candidates, {}, 'UTC'))).toMatchObject({
      name: 'InvalidRetentionError',
      status: 422,
    });
  });

  it('with a within longer than any date can express, keeps everything instead of failing', () => {
    const candidates = toCandidates([
      ['old', '1970-01-01T00:00:00Z'],
      ['new', '2026-11-27T03:00:00Z'],
    ]);
    expect(applyRetention(candidates, { within: '999999999y' }, 'UTC', new Date(LATER)).forget).toEqual([]);
  });
});

describe('validateRetention', () => {
  it.each<[RetentionRules, string[]]>([
    [{ daily: 7, weekly: 4, monthly: 12 }, []],
    [{ last: 1 }, []],
    [{ daily: -1 }, []],
    [{ within: '1y6m' }, []],
    [{ within: ' 2w3d12h ' }, []],
    [{ daily: 0, within: '30d' }, []],
    [
      {},
      ['the policy keeps nothing: set at least one of last, hourly, daily, weekly, monthly, yearly, within'],
    ],
    [
      { last: 0, hourly: 0, daily: 0, weekly: 0, monthly: 0, yearly: 0, within: '' },
      ['the policy keeps nothing: set at least one of last, hourly, daily, weekly, monthly, yearly, within'],
    ],
    [{ daily: -2 }, ['daily must be a whole number, 0 or more, or -1 for unlimited']],
    [{ weekly: 1.5, monthly: 3 }, ['weekly must be a whole number, 0 or more, or -1 for unlimited']],
    [{ within: '0d' }, ['within must be longer than zero']],
    [
      { daily: 7, within: '30 days' },
      ['within: "30 days" is not a duration: use numbers with units y, m, w, d, h, e.g. 30d or 1y6m'],
    ],
    [
      { yearly: Number.NaN, within: 'forever' },
      [
        'yearly must be a whole number, 0 or more, or -1 for unlimited',
        'within: "forever" is not a duration: use numbers with units y, m, w, d, h, e.g. 30d or 1y6m',
      ],
    ],
  ])('%j → %j', (rules, problems) => {
    expect(validateRetention(rules)).toEqual(problems);
  });

  it('reports values of the wrong type, as stored JSON may hold', () => {
    const fromJson = JSON.parse('{"daily":"7","within":30}') as RetentionRules;
    expect(validateRetention(fromJson)).toEqual([
      'daily must be a whole number, 0 or more, or -1 for unlimited',
      'within must be a duration such as 30d or 1y6m',
    ]);
  });
});

describe('parseRetentionDuration', () => {
  it.each([
    ['30d', { years: 0, months: 0, days: 30, hours: 0 }],
    ['1y6m', { years: 1, months: 6, days: 0, hours: 0 }],
    ['2w3d12h', { years: 0, months: 0, days: 17, hours: 12 }],
    ['12h', { years: 0, months: 0, days: 0, hours: 12 }],
    ['1y2m3d4h', { years: 1, months: 2, days: 3, hours: 4 }],
    ['4h1y', { years: 1, months: 0, days: 0, hours: 4 }],
    ['0d', { years: 0, months: 0, days: 0, hours: 0 }],
    [' 7d ', { years: 0, months: 0, days: 7, hours: 0 }],
  ])('%s', (text, expected) => {
    expect(parseRetentionDuration(text)).toEqual(expected);
  });

  it.each([
    '',
    '   ',
    '5',
    'd',
    '1x',
    '-1d',
    '1.5d',
    '1d1d',
    '1D',
    '1d 2h',
    '30 days',
    '1y6mo',
    '99999999999999999999d',
  ])('rejects %j', (text) => {
    expect(() => parseRetentionDuration(text)).toThrow(InvalidRetentionError);
  });
});
