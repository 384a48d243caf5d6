import { useState } from 'react';
import { Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import {
  NumberInput,
  TextInput,
  maxLength,
  maxValue,
  minValue,
  required,
  useDataProvider,
  useNotify,
  useRefresh,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { FormDialog } from '../common/FormDialog';
import { formatMl } from '../common/format';
import { BottleReferenceInput } from '../bottles/BottleReferenceInput';

type InfinityBottle = Schemas['InfinityBottleDetailDto'];
type Addition = Schemas['AddToInfinityBottleDto'];

/**
 * Pours whisky from a bottle of the collection into the infinity bottle: pick the bottle, say how
 * much. The bottle's ledger records it as an `infinity` pour.
 */
export const AddFromBottleButton = ({ vessel }: { vessel: InfinityBottle }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const spaceMl = Math.max(0, Math.round((vessel.capacityMl - vessel.volumeMl) * 10) / 10);
  const add = async (addition: Addition) => {
    await dataProvider.addToInfinityBottle(vessel.id, { ...addition, notes: addition.notes || undefined });
    notify(`Added ${formatMl(addition.ml)}`, { type: 'success' });
    refresh();
  };
  return (
    <>
      <Button
        variant="outlined"
        size="large"
        startIcon={<AddIcon />}
        disabled={spaceMl <= 0}
        onClick={() => setOpen(true)}
        sx={{ minHeight: 48 }}
      >
        Add from bottle
      </Button>
      <FormDialog<Addition>
        open={open}
        title={`Add to ${vessel.name}`}
        submitLabel="Add"
        submitIcon={<AddIcon />}
        defaultValues={{}}
        onClose={() => setOpen(false)}
        onSubmit={add}
      >
        <BottleReferenceInput openOnly required />
        <NumberInput
          source="ml"
          label="Millilitres"
          validate={[required(), minValue(0.1), maxValue(spaceMl, `Room for ${formatMl(spaceMl)} only`)]}
          helperText={`Room for ${formatMl(spaceMl)}`}
        />
        <TextInput source="notes" multiline minRows={2} validate={maxLength(2000)} />
      </FormDialog>
    </>
  );
};
