import { Card, CardContent, Stack, Typography } from '@mui/material';
import { Pagination, ReferenceManyField, useRecordContext } from 'react-admin';
import { PrefilledCreateButton } from '../common/PrefilledCreateButton';
import { BottleTable } from './BottleTable';

/** The bottles of the whisky or location in the record context, with a button that adds one to it. */
export const RelatedBottles = ({ target }: { target: 'whiskyId' | 'locationId' }) => {
  const record = useRecordContext<{ id: string }>();
  if (!record) return null;
  return (
    <Card>
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            Bottles
          </Typography>
          <PrefilledCreateButton resource="bottles" record={{ [target]: record.id }} label="Add a bottle" />
        </Stack>
        <ReferenceManyField
          reference="bottles"
          target={target}
          sort={{ field: 'createdAt', order: 'DESC' }}
          perPage={10}
          pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
          empty={<Typography color="text.secondary">No bottle yet.</Typography>}
        >
          <BottleTable withWhisky={target !== 'whiskyId'} withLocation={target !== 'locationId'} />
        </ReferenceManyField>
      </CardContent>
    </Card>
  );
};
