import { Create, SimpleForm } from 'react-admin';
import { PolicyInputs } from './PolicyInputs';
import { policyBody } from './retention';

/** A nightly backup of everything, kept a week of days, a month of weeks and a year of months. */
const defaults = () => ({
  schedule: '0 3 * * *',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  includeDatabase: true,
  includePhotos: true,
  enabled: true,
  targetIds: [],
  retention: { last: 3, daily: 7, weekly: 4, monthly: 12 },
  drillSchedule: '0 4 * * 0',
});

/** A new backup policy; after saving, its page shows the next runs and offers "Run now". */
export const PolicyCreate = () => (
  <Create redirect="edit" transform={policyBody}>
    <SimpleForm defaultValues={defaults}>
      <PolicyInputs />
    </SimpleForm>
  </Create>
);

export default PolicyCreate;
