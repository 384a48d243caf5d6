import { Create, SimpleForm } from 'react-admin';
import { InfinityBottleInputs } from './InfinityBottleInputs';

/** Starts an empty infinity bottle. */
export const InfinityBottleCreate = () => (
  <Create title="New infinity bottle" redirect="show">
    <SimpleForm defaultValues={{ capacityMl: 700 }} sx={{ maxWidth: 600 }}>
      <InfinityBottleInputs />
    </SimpleForm>
  </Create>
);
