import { Create, SimpleForm } from 'react-admin';
import { LocationInputs } from './LocationInputs';

/** Adds a place where bottles are kept. */
export const LocationCreate = () => (
  <Create redirect="show">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <LocationInputs />
    </SimpleForm>
  </Create>
);
