import { Suspense, lazy } from 'react';
import {
  Box,
  Card,
  CardContent,
  Grid,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Link, useCreatePath, useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { formatMl, formatPercent } from '../common/format';
import { compositionColour } from './compositionColours';

const CompositionChart = lazy(() => import('./CompositionChart'));

type InfinityBottle = Schemas['InfinityBottleDetailDto'];

/** What the infinity bottle holds, whisky by whisky: a doughnut chart and the same shares as a table. */
export const InfinityComposition = () => {
  const vessel = useRecordContext<InfinityBottle>();
  const createPath = useCreatePath();
  if (!vessel) return null;
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Composition
        </Typography>
        {vessel.composition.length === 0 ? (
          <Typography color="text.secondary">
            It is empty: add whisky from a bottle to start the blend.
          </Typography>
        ) : (
          <Grid container spacing={2} sx={{ alignItems: 'center' }}>
            <Grid size={{ xs: 12, md: 5 }}>
              <Suspense
                fallback={<Skeleton variant="circular" width={220} height={220} sx={{ mx: 'auto' }} />}
              >
                <CompositionChart composition={vessel.composition} />
              </Suspense>
            </Grid>
            <Grid size={{ xs: 12, md: 7 }}>
              <Table size="small" aria-label="Composition">
                <TableHead>
                  <TableRow>
                    <TableCell>Whisky</TableCell>
                    <TableCell align="right">Volume</TableCell>
                    <TableCell align="right">Share</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {vessel.composition.map((share, index) => (
                    <TableRow key={share.whiskyId}>
                      <TableCell>
                        <Box
                          component="span"
                          aria-hidden
                          sx={{
                            display: 'inline-block',
                            width: 12,
                            height: 12,
                            borderRadius: '50%',
                            bgcolor: compositionColour(index),
                            mr: 1,
                            verticalAlign: 'middle',
                          }}
                        />
                        <Link to={createPath({ resource: 'whiskies', id: share.whiskyId, type: 'show' })}>
                          {share.whiskyName}
                        </Link>
                      </TableCell>
                      <TableCell align="right">{formatMl(share.ml)}</TableCell>
                      <TableCell align="right">{formatPercent(share.percent)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Grid>
          </Grid>
        )}
      </CardContent>
    </Card>
  );
};
