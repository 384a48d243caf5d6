import { Card, CardContent, Stack, Typography } from '@mui/material';
import { DeleteButton, EditButton, Show, TopToolbar, useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { RelatedBottles } from '../bottles/RelatedBottles';

const LocationShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmContent="A location that still has bottles cannot be deleted: move them first."
    />
  </TopToolbar>
);

const LocationSummary = () => {
  const location = useRecordContext<Schemas['LocationDto']>();
  if (!location) return null;
  return (
    <Card>
      <CardContent>
        <Typography variant="h5" component="h2">
          {location.name}
        </Typography>
        {location.description && (
          <Typography color="text.secondary" sx={{ whiteSpace: 'pre-line' }}>
            {location.description}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};

/** A location and the bottles kept there. */
export const LocationShow = () => (
  <Show actions={<LocationShowActions />} component="div">
    <Stack spacing={2}>
      <LocationSummary />
      <RelatedBottles target="locationId" />
    </Stack>
  </Show>
);
