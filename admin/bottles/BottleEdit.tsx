import { Typography } from '@mui/material';
import { Edit, SimpleForm, useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { formatMl } from '../common/format';
import { LocationInput, PurchaseInputs } from './BottleInputs';

type Bottle = Schemas['BottleDetailDto'];
type BottleChanges = Partial<Schemas['UpdateBottleDto']>;

/**
 * The form edits `location.id` of the record; the API takes `locationId`, sent only when it changed
 * (the data provider sends only changed fields).
 */
function toBottleUpdate(data: Bottle, options?: { previousData?: Bottle }): BottleChanges {
  const { location, ...rest } = data;
  const locationId = location?.id || null;
  const previousId = options?.previousData?.location?.id ?? null;
  return locationId === previousId ? rest : { ...rest, locationId };
}

/** The whisky and size cannot change: a different bottle is a new bottle. */
const BottleIdentity = () => {
  const bottle = useRecordContext<Bottle>();
  if (!bottle) return null;
  return (
    <Typography variant="h6" component="p" sx={{ mb: 2 }}>
      {bottle.whisky.name} · {formatMl(bottle.sizeMl)}
    </Typography>
  );
};

/** Moves a bottle or corrects its purchase details; status changes are on its page. */
export const BottleEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" transform={toBottleUpdate}>
    <SimpleForm sx={{ maxWidth: 720 }}>
      <BottleIdentity />
      <LocationInput source="location.id" />
      <PurchaseInputs />
    </SimpleForm>
  </Edit>
);
