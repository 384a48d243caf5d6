import { DeleteButton, Edit, SaveButton, SimpleForm, Toolbar, TopToolbar } from 'react-admin';
import { PolicyInputs } from './PolicyInputs';
import { RunNowButton } from './RunNowButton';
import { policyBody } from './retention';

const Actions = () => (
  <TopToolbar>
    <RunNowButton />
  </TopToolbar>
);

const FormToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton mutationMode="pessimistic" />
  </Toolbar>
);

/** Changes a backup policy, with the next runs, the retention preview and "Run now". */
export const PolicyEdit = () => (
  <Edit mutationMode="pessimistic" redirect={false} actions={<Actions />} transform={policyBody}>
    <SimpleForm toolbar={<FormToolbar />}>
      <PolicyInputs edit />
    </SimpleForm>
  </Edit>
);

export default PolicyEdit;
