import { Create, SimpleForm } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { SessionInputs } from './SessionInputs';

/** Tonight at half past seven, the default start of a new session. */
function tonight(): string {
  const start = new Date();
  start.setHours(19, 30, 0, 0);
  return start.toISOString();
}

/** Leaves out the optional fields left empty: the API takes them as absent, not as null. */
const withoutEmpty = (data: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(data).filter(([, value]) => value !== null && value !== ''),
  ) as Schemas['CreateSessionDto'];

/** Plans a session; the caller hosts it. Participants and the flight follow on its plan page. */
export const SessionCreate = () => (
  <Create title="Plan a tasting" redirect="show" transform={withoutEmpty}>
    <SimpleForm defaultValues={{ startsAt: tonight(), blind: false }} sx={{ maxWidth: 640 }}>
      <SessionInputs />
    </SimpleForm>
  </Create>
);
