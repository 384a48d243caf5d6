import { Card, CardContent, Divider, Grid, Stack, Typography } from '@mui/material';
import {
  DateField,
  DeleteButton,
  EditButton,
  Link,
  Pagination,
  RecordField,
  ReferenceManyField,
  Show,
  TopToolbar,
  useCreatePath,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { BottleStatusChip } from '../common/BottleStatusChip';
import { FillLevelBar } from '../common/FillLevelBar';
import { DRAM_ML, costOfDram, formatMl, formatMoney } from '../common/format';
import { PourTable } from '../pours/PourTable';
import { BottleQuickPour } from './BottleQuickPour';
import { BottleStatusActions } from './BottleStatusActions';
import { RecordPhotos } from '../photos/RecordPhotos';

type Bottle = Schemas['BottleDetailDto'];

const BottleShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmContent="The bottle and its pour history are deleted. This cannot be undone."
    />
  </TopToolbar>
);

const money = (amount: number | null, currency: string | null) =>
  amount == null ? null : formatMoney(amount, currency);

/** The whisky, its status and how full it is, with the quick pour and status changes beside it. */
const BottleSummary = () => {
  const bottle = useRecordContext<Bottle>();
  const createPath = useCreatePath();
  if (!bottle) return null;
  return (
    <Card>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
            <Typography variant="h5" component="h2">
              <Link to={createPath({ resource: 'whiskies', id: bottle.whisky.id, type: 'show' })}>
                {bottle.whisky.name}
              </Link>
            </Typography>
            <BottleStatusChip status={bottle.status} size="medium" />
          </Stack>
          <Typography color="text.secondary">
            {[bottle.whisky.distillery, `${bottle.whisky.abv} % ABV`].filter(Boolean).join(' · ')}
          </Typography>
          <div>
            <FillLevelBar percent={bottle.fillPercent} large />
            <Typography variant="body2" color="text.secondary">
              {formatMl(bottle.currentVolumeMl)} of {formatMl(bottle.sizeMl)} left ·{' '}
              {bottle.pourCount === 1 ? '1 pour' : `${bottle.pourCount} pours`}
            </Typography>
          </div>
          <BottleQuickPour />
          <BottleStatusActions />
        </Stack>
      </CardContent>
    </Card>
  );
};

/** Where it is, what it cost, and the dates of its life. */
const BottleDetails = () => {
  const bottle = useRecordContext<Bottle>();
  const createPath = useCreatePath();
  if (!bottle) return null;
  return (
    <Card>
      <CardContent>
        <Stack spacing={1.5}>
          <RecordField
            label="Location"
            source="location.name"
            render={(record: Bottle) =>
              record.location ? (
                <Link to={createPath({ resource: 'locations', id: record.location.id, type: 'show' })}>
                  {record.location.name}
                </Link>
              ) : null
            }
            empty="No place yet"
          />
          <RecordField label="Size" render={(record: Bottle) => formatMl(record.sizeMl)} />
          <RecordField label="Purchased" source="purchasedAt" field={DateField} empty="—" />
          <RecordField label="Shop" source="shop" empty="—" />
          <RecordField
            label="Purchase price"
            render={(record: Bottle) => money(record.purchasePrice, record.currency)}
            empty="—"
          />
          {bottle.purchasePrice != null && (
            <RecordField
              label={`Cost per dram (${formatMl(DRAM_ML)})`}
              render={(record: Bottle) =>
                money(costOfDram(record.purchasePrice ?? 0, record.sizeMl), record.currency)
              }
            />
          )}
          <RecordField
            label="Estimated value"
            render={(record: Bottle) => money(record.estimatedValue, record.currency)}
            empty="—"
          />
          <Divider />
          <RecordField label="Opened" source="openedAt" field={DateField} empty="—" />
          <RecordField label="Finished" source="finishedAt" field={DateField} empty="—" />
          {bottle.notes && <RecordField label="Notes" source="notes" />}
        </Stack>
      </CardContent>
    </Card>
  );
};

/** The bottle's pour ledger, latest first. */
const PourHistory = () => (
  <Card>
    <CardContent>
      <Typography variant="h6" component="h2" gutterBottom>
        Pour history
      </Typography>
      <ReferenceManyField
        reference="pours"
        target="bottleId"
        sort={{ field: 'pouredAt', order: 'DESC' }}
        perPage={10}
        pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
        empty={<Typography color="text.secondary">Nothing poured yet.</Typography>}
      >
        <PourTable />
      </ReferenceManyField>
    </CardContent>
  </Card>
);

/** One bottle: its level with the quick pour, status changes, costs and its pour history. */
export const BottleShow = () => (
  <Show actions={<BottleShowActions />} component="div">
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 7 }}>
        <BottleSummary />
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <BottleDetails />
      </Grid>
      <Grid size={12}>
        <RecordPhotos owner="bottles" />
      </Grid>
      <Grid size={12}>
        <PourHistory />
      </Grid>
    </Grid>
  </Show>
);
