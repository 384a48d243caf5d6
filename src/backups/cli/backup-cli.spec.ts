import {
  BACKUP_CLI_USAGE,
  BackupUsageError,
  DEFAULT_LIST_LIMIT,
  formatBytes,
  formatProgress,
  formatRunResult,
  formatRunTable,
  parseBackupArgs,
  type BackupCommand,
} from './backup-cli.js';

const RUN = '3f0c9a52-8d1e-4c7b-9a60-1b2c3d4e5f60';
const POLICY = 'a1b2c3d4-0000-4000-8000-000000000001';

function usageError(argv: string[]): string {
  try {
    parseBackupArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(BackupUsageError);
    expect((error as Error).name).toBe('BackupUsageError');
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseBackupArgs', () => {
  it.each<[string[], BackupCommand]>([
    [['run', 'Nightly'], { kind: 'run', policy: 'Nightly' }],
    [['run', POLICY], { kind: 'run', policy: POLICY }],
    [['run', 'Daily offsite'], { kind: 'run', policy: 'Daily offsite' }],
    [['list'], { kind: 'list', limit: DEFAULT_LIST_LIMIT }],
    [['list', '--limit', '5'], { kind: 'list', limit: 5 }],
    [['list', '--limit=100', '--policy', 'Nightly'], { kind: 'list', policy: 'Nightly', limit: 100 }],
    [
      ['list', '--policy=Daily offsite'],
      { kind: 'list', policy: 'Daily offsite', limit: DEFAULT_LIST_LIMIT },
    ],
    [['verify', RUN], { kind: 'verify', runId: RUN, level: 'quick' }],
    [['verify', RUN, '--level', 'full'], { kind: 'verify', runId: RUN, level: 'full' }],
    [['verify', '--level=drill', RUN], { kind: 'verify', runId: RUN, level: 'drill' }],
    [['verify', RUN.toUpperCase()], { kind: 'verify', runId: RUN, level: 'quick' }],
    [['restore', RUN, '--confirm', RUN], { kind: 'restore', runId: RUN }],
    [['restore', `--confirm=${RUN.toUpperCase()}`, RUN], { kind: 'restore', runId: RUN }],
    [['help'], { kind: 'help' }],
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['restore', '--help'], { kind: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseBackupArgs(argv)).toEqual(expected);
  });

  it.each<[string, string[], RegExp]>([
    ['no command', [], /a command is needed/],
    ['an unknown command', ['backup', 'Nightly'], /unknown command "backup"/],
    ['run without a policy', ['run'], /run needs a policy id or name/],
    ['run with two policies', ['run', 'a', 'b'], /takes one a policy id or name, got 2: a b/],
    ['run with an option', ['run', 'Nightly', '--limit', '3'], /run takes no options \(got --limit\)/],
    ['list with an argument', ['list', 'Nightly'], /list takes no arguments/],
    ['list with a limit of 0', ['list', '--limit', '0'], /--limit must be a whole number from 1 to 100/],
    ['list with a limit above 100', ['list', '--limit', '101'], /from 1 to 100 \(got 101\)/],
    ['list with a fractional limit', ['list', '--limit', '2.5'], /--limit must be a whole number/],
    ['list with a limit without value', ['list', '--limit'], /--limit needs a value/],
    ['list with an empty policy', ['list', '--policy='], /--policy needs a value/],
    ['list with an option twice', ['list', '--limit', '2', '--limit', '3'], /--limit is given twice/],
    ['list with an unknown option', ['list', '--status', 'failed'], /unknown option --status for list/],
    ['verify without a run id', ['verify'], /verify needs a run id/],
    ['verify of something not a UUID', ['verify', 'latest'], /"latest" is not a backup run id/],
    [
      'verify at an unknown level',
      ['verify', RUN, '--level', 'deep'],
      /--level must be one of quick, full, drill/,
    ],
    ['restore without confirmation', ['restore', RUN], new RegExp(`confirm with --confirm ${RUN}`)],
    [
      'restore confirmed with another id',
      ['restore', RUN, '--confirm', POLICY],
      new RegExp(`--confirm must repeat the run id ${RUN}`),
    ],
  ])('refuses %s', (_, argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });
});

describe('BACKUP_CLI_USAGE', () => {
  it('names every command, the verify levels, the confirmation and the exit codes', () => {
    for (const text of [
      'npm run backup --',
      'run <policy id or name>',
      'list [--policy <id or name>] [--limit N]',
      'verify <run id> [--level quick|full|drill]',
      'restore <run id> --confirm <run id>',
      '0 success, 1 failure, 2 usage error',
    ]) {
      expect(BACKUP_CLI_USAGE).toContain(text);
    }
  });
});

describe('formatting', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.00 kB'],
    [1_234_567, '1.23 MB'],
    [45_600_000, '45.6 MB'],
    [2_500_000_000_000, '2.50 TB'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('shows progress as a share of the estimate, never above 100 %', () => {
    expect(formatProgress(1_200_000, 3_400_000)).toBe('  progress: 1.20 MB of about 3.40 MB (35 %)');
    expect(formatProgress(0, 0)).toBe('  progress: 0 B of about 0 B (0 %)');
    expect(formatProgress(5000, 4000)).toMatch(/\(100 %\)$/);
  });

  const finished = {
    id: RUN,
    status: 'verified' as const,
    startedAt: new Date('2026-11-27T04:15:00.000Z'),
    finishedAt: new Date('2026-11-27T04:15:02.500Z'),
    sizeBytes: 1_500_000,
    sizeAnomaly: false,
    targets: [
      {
        providerId: 'p1',
        providerName: 'Local folder',
        status: 'complete' as const,
        bytesWritten: 1_500_000,
        durationMs: 2400,
      },
    ],
    verifications: [
      {
        level: 'quick' as const,
        ok: true,
        at: '',
        durationMs: 5,
        providerId: 'p1',
        summary: '2 objects listed',
      },
    ],
    error: null,
  };

  it('prints a run’s outcome: id, status, targets and checks', () => {
    expect(formatRunResult(finished)).toEqual([
      `Backup ${RUN} verified in 2.5 s, 1.50 MB per target`,
      '  target Local folder: complete, 1.50 MB written',
      '  quick check on Local folder: ok, 2 objects listed',
      'Status: verified',
    ]);
  });

  it('prints a failed run with its reason and the target’s error', () => {
    const failed = {
      ...finished,
      status: 'failed' as const,
      sizeBytes: null,
      error: 'Upload to Local folder failed: disk full',
      targets: [{ ...finished.targets[0], status: 'failed' as const, bytesWritten: 0, error: 'disk full' }],
      verifications: [],
    };
    expect(formatRunResult(failed)).toEqual([
      `Backup ${RUN} failed in 2.5 s: Upload to Local folder failed: disk full`,
      '  target Local folder: failed, 0 B written (disk full)',
      'Status: failed',
    ]);
  });

  it('lists runs as aligned columns', () => {
    const lines = formatRunTable([
      {
        id: RUN,
        createdAt: new Date('2026-11-27T04:15:09.123Z'),
        policyName: 'Nightly',
        trigger: 'manual',
        status: 'verified',
        sizeBytes: 1_500_000,
        verifications: finished.verifications,
        prunedAt: null,
      },
      {
        id: POLICY,
        createdAt: new Date('2026-11-26T03:00:00.000Z'),
        policyName: 'Daily offsite',
        trigger: 'schedule',
        status: 'failed',
        sizeBytes: null,
        verifications: [],
        prunedAt: new Date(),
      },
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ID +CREATED +POLICY +TRIGGER +STATUS +SIZE +LAST CHECK$/);
    expect(lines[1]).toContain(`${RUN}  2026-11-27 04:15:09 UTC  Nightly        manual    verified`);
    expect(lines[1]).toMatch(/1\.50 MB +quick ok$/);
    expect(lines[2]).toMatch(/failed \(pruned\) +- +-$/);
    // Every column starts at the same offset on every line.
    const column = lines[0].indexOf('STATUS');
    expect(lines[1].slice(column)).toMatch(/^verified/);
    expect(lines[2].slice(column)).toMatch(/^failed/);
  });
});
