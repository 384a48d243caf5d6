import { Edit, SimpleForm } from 'react-admin';
import { LocationInputs } from './LocationInputs';

/** Renames or describes a location. */
export const LocationEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <LocationInputs />
    </SimpleForm>
  </Edit>
);
