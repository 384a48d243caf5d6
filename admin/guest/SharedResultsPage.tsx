import { Alert, Box, CircularProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useDataProvider } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { ResultsView } from '../sessions/ResultsView';
import { rowsFromShared } from '../sessions/resultRows';
import { formatDateTime } from '../sessions/sessionFormat';
import { PublicPage } from './PublicPage';

/**
 * The public results of a shared session (no account): ranking, scores on 100 points per sample,
 * guesses; display names and whiskies only. A revoked link says so.
 */
export const SharedResultsPage = () => {
  const { token = '' } = useParams<'token'>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { data: results, error } = useQuery({
    queryKey: ['shared', token],
    queryFn: () => dataProvider.sharedResults(token),
    retry: false,
  });
  return (
    <PublicPage>
      {error && <Alert severity="error">{error.message}</Alert>}
      {!error && !results && <CircularProgress aria-label="Loading" />}
      {results && (
        <Stack spacing={2}>
          <Box>
            <Typography variant="h5" component="h1">
              {results.title}
            </Typography>
            <Typography color="text.secondary">
              {formatDateTime(results.startsAt)}
              {results.blind ? ' · blind tasting' : ''} · scores out of 100
            </Typography>
          </Box>
          <ResultsView rows={rowsFromShared(results)} scale="points100" />
        </Stack>
      )}
    </PublicPage>
  );
};
