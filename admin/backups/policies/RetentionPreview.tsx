import { useEffect, useState } from 'react';
import { Alert, Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { useDataProvider, useGetList, useRecordContext } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../../dataProvider';
import { formatWhen } from '../format';
import { cleanRetention } from './retention';

type Policy = Schemas['BackupPolicyDto'];
type Preview = Schemas['RetentionPreviewDto'];
type BackupRun = Schemas['BackupRunDto'];

/** Waits this long after the last keystroke before asking the API again. */
const DEBOUNCE_MS = 400;

/**
 * Which of the policy's existing backups the retention being edited would keep (and why) or delete.
 * The API computes it with the same function the pruning uses; nothing is decided in the browser.
 */
export const RetentionPreview = () => {
  const policy = useRecordContext<Policy>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const retention = useWatch({ name: 'retention' }) as Record<string, unknown> | undefined;
  const rulesKey = JSON.stringify(cleanRetention(retention));
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const { data: runs } = useGetList<BackupRun>(
    'backup-runs',
    {
      filter: { policyId: policy?.id },
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'createdAt', order: 'DESC' },
    },
    { enabled: Boolean(policy) },
  );

  useEffect(() => {
    if (!policy) return;
    let cancelled = false;
    setLoading(true);
    const timer = setTimeout(() => {
      dataProvider
        .retentionPreview(policy.id, JSON.parse(rulesKey) as Schemas['RetentionRulesDto'])
        .then((result) => {
          if (cancelled) return;
          setPreview(result);
          setError(null);
        })
        .catch((cause: unknown) => {
          if (!cancelled) setError(cause instanceof Error ? cause.message : String(cause));
        })
        .finally(() => {
          if (!cancelled) setLoading(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [dataProvider, policy, rulesKey]);

  if (!policy) return null;
  const label = (id: string) => {
    const run = runs?.find((each) => each.id === id);
    return run ? `${formatWhen(run.createdAt)} (${run.status})` : id;
  };
  return (
    <Box component="section" aria-label="Retention preview" sx={{ mb: 2, width: '100%' }}>
      <Typography variant="subtitle2">Preview on the existing backups</Typography>
      {loading && <LinearProgress aria-label="Updating the preview" />}
      {error && <Alert severity="error">{error}</Alert>}
      {preview && !error && preview.keep.length === 0 && preview.forget.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          This policy has no backups yet.
        </Typography>
      )}
      {preview && !error && (
        <Stack spacing={0.5} sx={{ mt: 1 }}>
          {preview.keep.map((kept) => (
            <Stack key={kept.id} direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
              <Chip size="small" color="success" variant="outlined" label="Kept" />
              <Typography variant="body2">{label(kept.id)}</Typography>
              <Typography variant="caption" color="text.secondary">
                {kept.reasons.join(', ')}
              </Typography>
            </Stack>
          ))}
          {preview.forget.map((id) => (
            <Stack key={id} direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
              <Chip size="small" color="error" variant="outlined" label="Would be deleted" />
              <Typography variant="body2">{label(id)}</Typography>
            </Stack>
          ))}
        </Stack>
      )}
    </Box>
  );
};
