import { Edit, SimpleForm, useRecordContext } from 'react-admin';
import { SessionInputs } from './SessionInputs';
import type { TastingSession } from './sessionFormat';

const SessionEditTitle = () => <>{useRecordContext<TastingSession>()?.title ?? 'Session'}</>;

const SessionEditForm = () => {
  const session = useRecordContext<TastingSession>();
  return (
    <SimpleForm sx={{ maxWidth: 640 }}>
      <SessionInputs planned={session?.status === 'planned'} />
    </SimpleForm>
  );
};

/** Changes a session's plan (the dataProvider sends only what changed, with its version). */
export const SessionEdit = () => (
  <Edit title={<SessionEditTitle />} mutationMode="pessimistic" redirect="show">
    <SessionEditForm />
  </Edit>
);
