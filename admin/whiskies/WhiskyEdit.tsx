import { Edit, SimpleForm } from 'react-admin';
import { WhiskyInputs } from './WhiskyInputs';

/** Changes a whisky; only the changed fields are sent, with the version read. */
export const WhiskyEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 840 }}>
      <WhiskyInputs />
    </SimpleForm>
  </Edit>
);
