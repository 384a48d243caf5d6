import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  ButtonGroup,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import RestoreIcon from '@mui/icons-material/SettingsBackupRestore';
import { Link } from 'react-router-dom';
import { Show, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../../dataProvider';
import { formatBytes } from '../../common/format';
import { formatDuration, formatWhen } from '../format';
import { RestoreDialog } from './RestoreDialog';
import {
  isActive,
  isSettling,
  RunProgress,
  RunSize,
  RunStatusChip,
  TRIGGER_LABELS,
  type BackupRun,
} from './RunStatus';

type Level = Schemas['VerifyBackupDto']['level'];
const LEVELS: { level: Level; label: string; hint: string }[] = [
  { level: 'quick', label: 'Quick check', hint: 'every object is there with its size' },
  { level: 'full', label: 'Full check', hint: 'download, decrypt and checksum everything' },
  { level: 'drill', label: 'Restore drill', hint: 'restore into a scratch database and compare row counts' },
];

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Card variant="outlined" component="section" aria-label={title}>
    <CardContent>
      <Typography variant="h6" component="h2" gutterBottom>
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Typography component="div">{children}</Typography>
  </Box>
);

/** Queues a verification of one level; the page refreshes until its result is in. */
const VerifyButtons = ({ run, onQueued }: { run: BackupRun; onQueued: () => void }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const verify = async (level: Level, label: string) => {
    try {
      await dataProvider.verifyBackup(run.id, level);
      notify(`${label} queued`, { type: 'info' });
      onQueued();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };
  return (
    <ButtonGroup variant="outlined" size="small" aria-label="Verify" sx={{ flexWrap: 'wrap' }}>
      {LEVELS.map(({ level, label, hint }) => (
        <Button key={level} title={hint} onClick={() => void verify(level, label)}>
          {label}
        </Button>
      ))}
    </ButtonGroup>
  );
};

const RunDetails = ({ onVerifyQueued }: { onVerifyQueued: () => void }) => {
  const run = useRecordContext<BackupRun>();
  const [restoring, setRestoring] = useState(false);
  const refresh = useRefresh();
  if (!run) return null;
  const usable = (run.status === 'succeeded' || run.status === 'verified') && !run.prunedAt;
  const tables = Object.entries(run.manifest?.tables ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Stack spacing={2} sx={{ p: { xs: 1, sm: 2 } }}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
        <RunStatusChip status={run.status} />
        <Typography variant="h6" component="h2">
          {run.policyName}
        </Typography>
        {run.prunedAt && <Chip size="small" label={`Deleted by retention ${formatWhen(run.prunedAt)}`} />}
      </Stack>
      {isActive(run) && <RunProgress run={run} />}
      {run.status === 'failed' && run.error && (
        <Alert severity="error" sx={{ whiteSpace: 'pre-wrap' }}>
          {run.error}
        </Alert>
      )}
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', md: 'repeat(4, minmax(0, 1fr))' },
          gap: 2,
        }}
      >
        <Fact label="Backup id">
          <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-all' }}>
            {run.id}
          </Box>
        </Fact>
        <Fact label="Trigger">{TRIGGER_LABELS[run.trigger]}</Fact>
        <Fact label="Started">{formatWhen(run.startedAt ?? run.createdAt)}</Fact>
        <Fact label="Finished">{formatWhen(run.finishedAt)}</Fact>
        <Fact label="Size">
          <RunSize run={run} />
        </Fact>
        <Fact label="Duration">{formatDuration(run.durationSeconds)}</Fact>
      </Box>
      {usable && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }}>
          <VerifyButtons run={run} onQueued={onVerifyQueued} />
          <Button
            variant="contained"
            color="warning"
            startIcon={<RestoreIcon />}
            onClick={() => setRestoring(true)}
          >
            Restore
          </Button>
        </Stack>
      )}
      {run.restore && (
        <Alert
          severity={
            run.restore.status === 'succeeded'
              ? 'success'
              : run.restore.status === 'failed'
                ? 'error'
                : 'info'
          }
        >
          Last restore ({formatWhen(run.restore.startedAt)}):{' '}
          {run.restore.status === 'running' ? 'running' : run.restore.status}
          {run.restore.safetyRunId && (
            <>
              {' '}
              · safety backup{' '}
              <Link to={`/backup-runs/${run.restore.safetyRunId}/show`}>{run.restore.safetyRunId}</Link>
            </>
          )}
          {run.restore.error && ` · ${run.restore.error}`}
        </Alert>
      )}
      <Section title="Targets">
        {run.targets.length === 0 ? (
          <Typography color="text.secondary">No target has been written yet.</Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Target</TableCell>
                  <TableCell>Result</TableCell>
                  <TableCell align="right">Written</TableCell>
                  <TableCell align="right">Time</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {run.targets.map((target) => (
                  <TableRow key={target.providerId}>
                    <TableCell>{target.providerName}</TableCell>
                    <TableCell>
                      {target.status === 'complete' ? (
                        <Chip size="small" color="success" variant="outlined" label="Complete" />
                      ) : (
                        <>
                          <Chip size="small" color="error" variant="outlined" label="Failed" />
                          {target.error && (
                            <Typography variant="body2" color="error">
                              {target.error}
                            </Typography>
                          )}
                        </>
                      )}
                    </TableCell>
                    <TableCell align="right">{formatBytes(target.bytesWritten)}</TableCell>
                    <TableCell align="right">{formatDuration(target.durationMs / 1000)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </Section>
      <Section title="Verifications">
        {run.verifications.length === 0 ? (
          <Typography color="text.secondary">Not checked yet.</Typography>
        ) : (
          <Stack spacing={1}>
            {run.verifications.map((check) => (
              <Alert
                key={`${check.level}-${check.at}-${check.providerId}`}
                severity={check.ok ? 'success' : 'error'}
              >
                <strong>{LEVELS.find((each) => each.level === check.level)?.label ?? check.level}</strong>{' '}
                {check.ok ? 'passed' : 'failed'} · {formatWhen(check.at)} ·{' '}
                {formatDuration(check.durationMs / 1000)}
                <br />
                {check.summary}
                {check.error && (
                  <>
                    <br />
                    {check.error}
                  </>
                )}
              </Alert>
            ))}
          </Stack>
        )}
      </Section>
      <Section title="Contents">
        {!run.manifest ? (
          <Typography color="text.secondary">The manifest is written when the backup ends.</Typography>
        ) : (
          <>
            {/* Migration names are one long word: let them break on a phone. */}
            <Typography variant="body2" gutterBottom sx={{ overflowWrap: 'anywhere' }}>
              App {run.manifest.appVersion} · migration {run.manifest.migration ?? '—'} · PostgreSQL{' '}
              {run.manifest.postgresVersion ?? '—'} · {run.manifest.photos.count} photos (
              {formatBytes(run.manifest.photos.plainBytes)})
            </Typography>
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small" aria-label="Tables and row counts">
                <TableHead>
                  <TableRow>
                    <TableCell>Table</TableCell>
                    <TableCell align="right">Rows</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {tables.map(([table, rows]) => (
                    <TableRow key={table}>
                      <TableCell>{table}</TableCell>
                      <TableCell align="right">{rows.toLocaleString()}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          </>
        )}
      </Section>
      <RestoreDialog
        run={run}
        open={restoring}
        onClose={() => {
          setRestoring(false);
          refresh();
        }}
      />
    </Stack>
  );
};

/**
 * One backup run: progress while it runs (refetched every second), per-target results, the manifest's
 * tables and row counts, verifications, and the verify and restore actions.
 */
export const RunShow = () => {
  // After a verify is queued, keep refetching until a new verification shows up (or 10 minutes pass).
  const [awaitVerify, setAwaitVerify] = useState<{ count: number; until: number } | null>(null);
  return (
    <Show
      title="Backup"
      actions={false}
      queryOptions={{
        refetchInterval: (query) => {
          const run = query.state.data as BackupRun | undefined;
          if (isSettling(run) || run?.restore?.status === 'running') return 1000;
          if (
            awaitVerify &&
            run &&
            run.verifications.length <= awaitVerify.count &&
            Date.now() < awaitVerify.until
          )
            return 1000;
          return false;
        },
      }}
    >
      <RunDetailsWithVerify onVerify={setAwaitVerify} />
    </Show>
  );
};

const RunDetailsWithVerify = ({
  onVerify,
}: {
  onVerify: (value: { count: number; until: number }) => void;
}) => {
  const run = useRecordContext<BackupRun>();
  return (
    <RunDetails
      onVerifyQueued={() => onVerify({ count: run?.verifications.length ?? 0, until: Date.now() + 600_000 })}
    />
  );
};

export default RunShow;
