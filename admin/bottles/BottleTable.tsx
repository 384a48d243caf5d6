import { Box, Stack, Typography } from '@mui/material';
import { DataTable, DateField, SimpleList } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { BottleStatusChip, BottleStatusField } from '../common/BottleStatusChip';
import { BottleFillField, FillLevelBar } from '../common/FillLevelBar';
import { formatMl, formatMoney } from '../common/format';
import { useSmallScreen } from '../common/useSmallScreen';
import { CoverThumbnail } from '../photos/CoverThumbnail';

type Bottle = Schemas['BottleDto'];
const Column = DataTable.Col<Bottle>;

const cover = (bottle: Bottle) => (
  <CoverThumbnail url={bottle.coverThumbnail} alt={`Cover photo of ${bottle.whisky.name}`} />
);

const price = (bottle: Bottle) =>
  bottle.purchasePrice == null ? '' : formatMoney(bottle.purchasePrice, bottle.currency);

/**
 * The bottles of a list context (the bottle list, a whisky's or a location's bottles): status, fill
 * level, place, price and cover photo, as a table or, on a phone, a simple list. The whisky or location column is
 * left out where the page is about that whisky or location.
 */
export const BottleTable = ({
  withWhisky = true,
  withLocation = true,
}: {
  withWhisky?: boolean;
  withLocation?: boolean;
}) => {
  const small = useSmallScreen();
  if (small) {
    return (
      <SimpleList<Bottle>
        rowClick="show"
        leftIcon={cover}
        primaryText={(bottle) => (withWhisky ? bottle.whisky.name : formatMl(bottle.sizeMl))}
        secondaryText={(bottle) => (
          <Stack component="span" spacing={0.5} sx={{ display: 'flex', mt: 0.5 }}>
            <Box component="span" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <BottleStatusChip status={bottle.status} />
              <Typography component="span" variant="body2" color="text.secondary" noWrap>
                {[withWhisky && formatMl(bottle.sizeMl), withLocation && bottle.location?.name]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography>
            </Box>
            <FillLevelBar percent={bottle.fillPercent} />
          </Stack>
        )}
      />
    );
  }
  return (
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Column source="coverThumbnail" label="Photo" disableSort render={cover} sx={{ width: 56 }} />
      {withWhisky && <Column source="whisky.name" label="Whisky" disableSort />}
      <Column source="status" field={BottleStatusField} />
      <Column source="currentVolumeMl" label="Left" field={BottleFillField} sx={{ minWidth: 180 }} />
      {withLocation && <Column source="location.name" label="Location" disableSort />}
      <Column source="sizeMl" label="Size" disableSort render={(bottle) => formatMl(bottle.sizeMl)} />
      <Column source="purchasedAt" label="Purchased" field={DateField} />
      <Column source="purchasePrice" label="Price" disableSort align="right" render={price} />
    </DataTable>
  );
};
