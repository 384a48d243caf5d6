import { useState } from 'react';
import { Alert, Box, List, ListItem, ListItemIcon, ListItemText, Stack, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import { Button, useNotify } from 'react-admin';
import { formatBytes } from '../common/format';
import { formatTimeAgo } from './format';
import type { ConnectionTestResult } from './providerSettings';

type Step = ConnectionTestResult['steps'][number];

const STEP_LABELS: Record<Step['step'], string> = {
  write: 'Write',
  read: 'Read',
  list: 'List',
  delete: 'Delete',
};

const StepIcon = ({ status }: { status: Step['status'] }) =>
  status === 'ok' ? (
    <CheckCircleIcon color="success" />
  ) : status === 'failed' ? (
    <ErrorIcon color="error" />
  ) : (
    <RemoveCircleOutlineIcon color="disabled" />
  );

/** The steps of one test: status and latency of each, and the provider's message where one failed. */
export const ConnectionTestSteps = ({ result }: { result: ConnectionTestResult }) => {
  const failed = result.steps.find((step) => step.status === 'failed');
  return (
    <Box>
      <Alert severity={result.ok ? 'success' : 'error'} sx={{ mb: 1 }}>
        {result.ok
          ? 'The connection works: a test file was written, read, listed and deleted.'
          : `The connection failed at the ${failed ? STEP_LABELS[failed.step].toLowerCase() : ''} step.`}{' '}
        Tested <time dateTime={result.testedAt}>{formatTimeAgo(result.testedAt)}</time>.
      </Alert>
      <List dense aria-label="Connection test steps" disablePadding>
        {result.steps.map((step) => (
          <ListItem key={step.step} disableGutters aria-label={`${STEP_LABELS[step.step]}: ${step.status}`}>
            <ListItemIcon sx={{ minWidth: 36 }}>
              <StepIcon status={step.status} />
            </ListItemIcon>
            <ListItemText
              primary={
                <Stack direction="row" spacing={1} component="span">
                  <Box component="span" sx={{ fontWeight: 500, minWidth: 56 }}>
                    {STEP_LABELS[step.step]}
                  </Box>
                  <Box component="span">{step.status}</Box>
                  {step.status !== 'skipped' && (
                    <Box component="span" sx={{ color: 'text.secondary' }}>
                      {step.latencyMs} ms
                    </Box>
                  )}
                </Stack>
              }
              secondary={
                step.error && (
                  <Box component="span" sx={{ color: 'error.main', wordBreak: 'break-word' }}>
                    {step.errorType ? `${step.errorType}: ` : ''}
                    {step.error}
                  </Box>
                )
              }
            />
          </ListItem>
        ))}
      </List>
      {result.freeBytes !== undefined && (
        <Typography variant="body2">Free space: {formatBytes(result.freeBytes)}</Typography>
      )}
      {result.hostKeyFingerprint && (
        <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
          The server's host key: <code>{result.hostKeyFingerprint}</code>
        </Typography>
      )}
    </Box>
  );
};

interface ConnectionTestProps {
  /** Runs the test (of the saved provider, or of the form's unsaved settings). */
  run: () => Promise<ConnectionTestResult>;
  /** The result to show before a new test: the saved provider's last one. */
  initial?: ConnectionTestResult | null;
  /** Why the test cannot run now, shown instead of running it. */
  disabledReason?: string;
  /** Called after a test ran, e.g. to reload the provider whose last result changed. */
  onTested?: (result: ConnectionTestResult) => void;
}

/** "Test connection" and the outcome of the last test, step by step. */
export const ConnectionTest = ({ run, initial, disabledReason, onTested }: ConnectionTestProps) => {
  const notify = useNotify();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [running, setRunning] = useState(false);
  const shown = result ?? initial ?? null;

  const test = async () => {
    setRunning(true);
    try {
      const outcome = await run();
      setResult(outcome);
      onTested?.(outcome);
    } catch (error) {
      notify(error instanceof Error ? error.message : 'The test could not run', { type: 'error' });
    } finally {
      setRunning(false);
    }
  };

  return (
    <Box component="section" aria-label="Connection test" sx={{ width: '100%', mt: 1 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Button
          label={running ? 'Testing…' : 'Test connection'}
          variant="outlined"
          onClick={() => void test()}
          disabled={running || disabledReason !== undefined}
        >
          <NetworkCheckIcon />
        </Button>
        {disabledReason && (
          <Typography variant="body2" color="text.secondary">
            {disabledReason}
          </Typography>
        )}
      </Stack>
      {shown && <ConnectionTestSteps result={shown} />}
      {!shown && !disabledReason && (
        <Typography variant="body2" color="text.secondary">
          Not tested yet.
        </Typography>
      )}
    </Box>
  );
};
