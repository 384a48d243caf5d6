import { Suspense, lazy } from 'react';
import { Skeleton } from '@mui/material';
import type { RatingScale } from '../tasting-notes/scales';
import type { ResultRow } from './resultRows';

const ScoresChart = lazy(() => import('./ScoresChart'));

/** The per-sample scores chart, with recharts fetched only when results are shown. */
export const LazyScoresChart = (props: { rows: ResultRow[]; scale: RatingScale }) => (
  <Suspense fallback={<Skeleton variant="rounded" height={320} />}>
    <ScoresChart {...props} />
  </Suspense>
);
