import { InvalidScheduleError, isValidTimeZone, nextRuns, validateSchedule } from './schedule.js';

/**
 * Expected times were worked out by hand and checked with GNU `date` (TZ=…): Berlin is UTC+1 (CET) in winter
 * and UTC+2 (CEST) from 2026-03-29 01:00Z to 2026-10-25 01:00Z; New York springs forward on 2026-03-08 07:00Z.
 */
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

/** The error `action` throws (fails the test when it throws nothing). */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Berlin', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Asia/Calcutta', true],
    ['Etc/GMT+5', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+01:00', false],
    ['Europe/Berlin ', false],
  ])('%j → %s', (timeZone, valid) => {
    expect(isValidTimeZone(timeZone)).toBe(valid);
  });
});

describe('validateSchedule', () => {
  const tooOften = (minutes: number) =>
    `runs as often as every ${minutes} minute${minutes === 1 ? '' : 's'}: backups must be at least 15 minutes apart`;
  const fiveFields = 'the schedule must have 5 fields: minute hour day-of-month month day-of-week';

  it.each<[string, string, string[]]>([
    ['0 3 * * *', 'Europe/Berlin', []],
    [' 0  3 * * * ', 'UTC', []],
    ['0 3 * * mon-fri', 'America/New_York', []],
    ['0 3 L * *', 'UTC', []],
    ['0 */6 * * *', 'UTC', []],
    ['*/15 * * * *', 'UTC', []],
    ['55 23 * * *', 'UTC', []],
    ['*/10 * * * *', 'UTC', [tooOften(10)]],
    ['* * * * *', 'UTC', [tooOften(1)]],
    ['0,5 3 * * *', 'UTC', [tooOften(5)]],
    ['5,55 0,23 * * *', 'UTC', [tooOften(10)]], // 23:55 → 00:05 the next day
    ['0 3 * * * *', 'UTC', [fiveFields]],
    ['@daily', 'UTC', [fiveFields]],
    ['', 'UTC', [fiveFields]],
    ['61 3 * * *', 'UTC', ['invalid schedule: Constraint error, got value 61 expected range 0-59']],
    ['0 3 30 2 *', 'UTC', ['invalid schedule: Invalid explicit day of month definition']],
    ['0 3 * * *', 'Mars/Olympus_Mons', ['unknown time zone "Mars/Olympus_Mons"']],
    ['*/5 * * *', 'Nowhere', ['unknown time zone "Nowhere"', fiveFields]],
  ])('%j in %s → %j', (cron, timeZone, problems) => {
    expect(validateSchedule(cron, timeZone)).toEqual(problems);
  });
});

describe('nextRuns', () => {
  const from = new Date('2026-11-27T04:11:00Z');

  it("lists the next five runs of '0 3 * * *' in Europe/Berlin (03:00 CET = 02:00Z)", () => {
    expect(iso(nextRuns('0 3 * * *', 'Europe/Berlin', 5, from))).toEqual([
      '2026-11-28T02:00:00.000Z',
      '2026-11-29T02:00:00.000Z',
      '2026-11-30T02:00:00.000Z',
      '2026-12-01T02:00:00.000Z',
      '2026-12-02T02:00:00.000Z',
    ]);
  });

  it("lists the next five runs of '0 3 * * *' in UTC", () => {
    expect(iso(nextRuns('0 3 * * *', 'UTC', 5, from))).toEqual([
      '2026-11-28T03:00:00.000Z',
      '2026-11-29T03:00:00.000Z',
      '2026-11-30T03:00:00.000Z',
      '2026-12-01T03:00:00.000Z',
      '2026-12-02T03:00:00.000Z',
    ]);
  });

  it('lists only runs strictly after `from`', () => {
    expect(iso(nextRuns('0 3 * * *', 'Europe/Berlin', 1, new Date('2026-11-27T02:00:00.000Z')))).toEqual([
      '2026-11-28T02:00:00.000Z',
    ]);
    expect(iso(nextRuns('0 3 * * *', 'Europe/Berlin', 1, new Date('2026-11-27T01:59:59.999Z')))).toEqual([
      '2026-11-27T02:00:00.000Z',
    ]);
  });

  it('keeps 03:00 local through the spring-forward day in Berlin (02:00Z, then 01:00Z)', () => {
    expect(iso(nextRuns('0 3 * * *', 'Europe/Berlin', 3, new Date('2026-03-27T12:00:00Z')))).toEqual([
      '2026-03-28T02:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
    ]);
  });

  it('runs a 02:30 job one hour later, at 03:30 CEST, on the spring-forward day in Berlin, when 02:30 does not exist', () => {
    expect(iso(nextRuns('30 2 * * *', 'Europe/Berlin', 3, new Date('2026-03-27T12:00:00Z')))).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:30:00.000Z', // 03:30 CEST: the skipped 02:30 moves forward by the gap, the day is not skipped
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('runs a 02:30 job once, at the first 02:30 (CEST), on the fall-back day in Berlin when 02:30 happens twice', () => {
    expect(iso(nextRuns('30 2 * * *', 'Europe/Berlin', 3, new Date('2026-10-23T12:00:00Z')))).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the repeated 02:30 CET (01:30Z) has no run
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('does the same in New York: 02:30 on 8 March 2026 does not exist and the job runs at 03:30 EDT', () => {
    expect(iso(nextRuns('30 2 * * *', 'America/New_York', 2, new Date('2026-03-07T12:00:00Z')))).toEqual([
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('refuses an invalid schedule with a typed error, and a bad count or start', () => {
    expect(nextRuns('0 3 * * *', 'UTC', 0, from)).toEqual([]);
    expect(() => nextRuns('*/5 * * * *', 'UTC', 1, from)).toThrow(InvalidScheduleError);
    expect(() => nextRuns('0 3 * * *', 'Nowhere', 1, from)).toThrow(
      'Invalid backup schedule: unknown time zone "Nowhere"',
    );
    expect(thrownBy(() => nextRuns('0 3 * *', 'UTC', 1, from))).toMatchObject({
      name: 'InvalidScheduleError',
      status: 422,
    });
    expect(() => nextRuns('0 3 * * *', 'UTC', -1, from)).toThrow(RangeError);
    expect(() => nextRuns('0 3 * * *', 'UTC', 1.5, from)).toThrow(RangeError);
    expect(() => nextRuns('0 3 * * *', 'UTC', 1, new Date('soon'))).toThrow('from must be a valid date');
  });
});
