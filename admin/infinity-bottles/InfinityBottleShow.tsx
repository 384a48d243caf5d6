import { Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import {
  DeleteButton,
  EditButton,
  Show,
  TopToolbar,
  useCanAccess,
  useDataProvider,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { FillLevelBar } from '../common/FillLevelBar';
import { PourControls } from '../common/PourControls';
import { formatMl, formatPercent } from '../common/format';
import { AddFromBottleButton } from './AddFromBottleButton';
import { InfinityBottleTitle } from './InfinityBottleTitle';
import { InfinityComposition } from './InfinityComposition';
import { InfinityHistory } from './InfinityHistory';
import { fillPercent } from './fillPercent';

type InfinityBottle = Schemas['InfinityBottleDetailDto'];

const InfinityBottleShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmContent="Only an empty infinity bottle can be deleted, with its history."
    />
  </TopToolbar>
);

/** Adding from a bottle and pouring out: for members who may change the collection. */
const InfinityActions = ({ vessel }: { vessel: InfinityBottle }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'infinity-bottles' });
  if (!canAccess) return null;
  return (
    <Stack spacing={2}>
      <PourControls<Schemas['PourFromInfinityBottleDto']>
        remainingMl={vessel.volumeMl}
        onPour={async (pour) => {
          await dataProvider.pourFromInfinityBottle(vessel.id, pour);
          refresh();
        }}
      />
      <div>
        <AddFromBottleButton vessel={vessel} />
      </div>
    </Stack>
  );
};

const InfinitySummary = () => {
  const vessel = useRecordContext<InfinityBottle>();
  if (!vessel) return null;
  return (
    <Card>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h5" component="h2">
            {vessel.name}
          </Typography>
          <div>
            <FillLevelBar percent={fillPercent(vessel)} large />
            <Typography variant="body2" color="text.secondary">
              {formatMl(vessel.volumeMl)} of {formatMl(vessel.capacityMl)}
              {vessel.estimatedAbv != null && ` · about ${formatPercent(vessel.estimatedAbv)} ABV`}
            </Typography>
          </div>
          {vessel.notes && <Typography sx={{ whiteSpace: 'pre-line' }}>{vessel.notes}</Typography>}
          <InfinityActions vessel={vessel} />
        </Stack>
      </CardContent>
    </Card>
  );
};

/** An infinity bottle: its level, its blend as a chart and table, additions, pours and history. */
export const InfinityBottleShow = () => (
  <Show actions={<InfinityBottleShowActions />} title={<InfinityBottleTitle />} component="div">
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 5 }}>
        <InfinitySummary />
      </Grid>
      <Grid size={{ xs: 12, md: 7 }}>
        <InfinityComposition />
      </Grid>
      <Grid size={12}>
        <InfinityHistory />
      </Grid>
    </Grid>
  </Show>
);
