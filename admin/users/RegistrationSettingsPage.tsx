import { Alert, Box, Card, CardContent, LinearProgress } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Form,
  RadioButtonGroupInput,
  required,
  SaveButton,
  Title,
  useDataProvider,
  useNotify,
  usePermissions,
} from 'react-admin';
import type { Permissions } from '../authProvider';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { problemMessage, useApiForm } from '../login/useApiForm';
import { DescribedOption } from './DescribedOption';

type Settings = Schemas['UpdateRegistrationSettingsDto'];

const MODES: { id: Settings['mode']; name: string; description: string }[] = [
  {
    id: 'invite',
    name: 'By invitation',
    description: 'only people with an invite link from a household admin',
  },
  { id: 'open', name: 'Open', description: 'anyone who finds this site, each with a household of their own' },
  { id: 'closed', name: 'Closed', description: 'nobody; invite links stop working too' },
];

const SETTINGS_KEY = ['settings', 'registration'];

const RegistrationModeForm = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data, error, refetch } = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: () => dataProvider.registrationSettings(),
  });
  const form = useApiForm(
    ({ mode, version }: Settings) => dataProvider.updateRegistrationSettings({ mode, version }),
    {
      onSuccess: (saved) => {
        notify('Registration mode saved', { type: 'success' });
        queryClient.setQueryData(SETTINGS_KEY, saved);
        void queryClient.invalidateQueries({ queryKey: ['auth', 'signInOptions'] });
      },
      onError: (message) => {
        notify(message, { type: 'error' });
        // Someone else may have changed it meanwhile (409): show what is stored now.
        void refetch();
      },
    },
  );
  if (error) return <Alert severity="error">{problemMessage(error)}</Alert>;
  if (!data) return <LinearProgress />;
  return (
    <Form key={data.version} record={data} onSubmit={form.onSubmit} noValidate>
      <RadioButtonGroupInput
        source="mode"
        label="Who may create an account"
        choices={MODES}
        optionText={<DescribedOption />}
        row={false}
        validate={required()}
      />
      <SaveButton />
    </Form>
  );
};

/**
 * Who may create accounts on this installation (/settings/registration): open, by invitation or
 * closed. Only the instance administrator (an admin of the first household) may change it.
 */
export const RegistrationSettingsPage = () => {
  const { permissions, isPending } = usePermissions<Permissions>();
  return (
    <Box sx={{ maxWidth: 720, my: 2 }}>
      <Title title="Registration" />
      <Card>
        <CardContent>
          {isPending ? (
            <LinearProgress />
          ) : permissions?.instanceAdmin ? (
            <RegistrationModeForm />
          ) : (
            <Alert severity="info">
              Only the administrator of this installation (an admin of its first household) decides who may
              create accounts.
            </Alert>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
