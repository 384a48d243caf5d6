import { Edit, SimpleForm } from 'react-admin';
import { InfinityBottleInputs } from './InfinityBottleInputs';
import { InfinityBottleTitle } from './InfinityBottleTitle';

/** Renames an infinity bottle or changes its capacity. */
export const InfinityBottleEdit = () => (
  <Edit title={<InfinityBottleTitle />} mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <InfinityBottleInputs />
    </SimpleForm>
  </Edit>
);
