import type { ReactNode } from 'react';
import { Alert, Box, Card, CardContent, LinearProgress, Link, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router-dom';
import {
  Form,
  RadioButtonGroupInput,
  required,
  SaveButton,
  Title,
  useDataProvider,
  useGetList,
  useNotify,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { problemMessage, useApiForm } from '../login/useApiForm';
import { DescribedOption } from '../users/DescribedOption';
import type { SsoProvider } from '../sso-providers/ssoProviders';

type MfaPolicy = Schemas['UpdateMfaPolicyDto'];
type PasswordLogin = Schemas['UpdatePasswordLoginSettingsDto'];

const MFA_MODES: { id: MfaPolicy['mode']; name: string; description: string }[] = [
  { id: 'off', name: 'Not required', description: 'everyone chooses for themselves' },
  { id: 'admins', name: 'Admins', description: 'household admins must use it' },
  { id: 'everyone', name: 'Everyone', description: 'every account must use it' },
];

const PASSWORD_MODES: { id: PasswordLogin['mode']; name: string; description: string }[] = [
  { id: 'everyone', name: 'Everyone', description: 'anyone with a password may use it' },
  {
    id: 'admins_only',
    name: 'Admins only',
    description: 'everyone else signs in with single sign-on',
  },
];

const MFA_KEY = ['settings', 'mfaPolicy'];
const PASSWORD_KEY = ['settings', 'passwordLogin'];

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Card component="section" aria-label={title} sx={{ mb: 2 }}>
    <CardContent>
      <Typography variant="h6" component="h2" gutterBottom>
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);

/**
 * A setting read from the API and saved with the version read: a stale version (someone changed it
 * meanwhile) is refused with 409 and the stored value is shown again.
 */
function useVersionedSetting<T extends { mode: string; version: number }>(
  key: string[],
  read: () => Promise<T>,
  write: (values: T) => Promise<T>,
  saved: string,
) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const query = useQuery({ queryKey: key, queryFn: read });
  const form = useApiForm(({ mode, version }: T) => write({ mode, version } as T), {
    onSuccess: (result) => {
      notify(saved, { type: 'success' });
      queryClient.setQueryData(key, result);
    },
    onError: (message) => {
      notify(message, { type: 'error' });
      void query.refetch();
    },
  });
  return { query, form };
}

/** A setting with one `mode` chosen from `choices`, read and saved with its version. */
function ModeSettingForm<T extends { mode: string; version: number }>({
  queryKey,
  read,
  write,
  saved,
  label,
  choices,
  saveLabel,
  children,
}: {
  queryKey: string[];
  read: () => Promise<T>;
  write: (values: T) => Promise<T>;
  saved: string;
  label: string;
  choices: { id: T['mode']; name: string; description: string }[];
  saveLabel: string;
  /** Shown under the choices, inside the form (it may watch `mode`). */
  children?: ReactNode;
}) {
  const { query, form } = useVersionedSetting(queryKey, read, write, saved);
  if (query.error) return <Alert severity="error">{problemMessage(query.error)}</Alert>;
  if (!query.data) return <LinearProgress />;
  return (
    <Form key={query.data.version} record={query.data} onSubmit={form.onSubmit} noValidate>
      <RadioButtonGroupInput
        source="mode"
        label={label}
        choices={choices}
        optionText={<DescribedOption />}
        row={false}
        validate={required()}
      />
      {children}
      <SaveButton label={saveLabel} />
    </Form>
  );
}

/** Who must use two-factor sign-in; requiring it of admins needs it on the admin's own account first. */
const MfaPolicyForm = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return (
    <ModeSettingForm
      queryKey={MFA_KEY}
      read={() => dataProvider.mfaPolicy()}
      write={(values) => dataProvider.updateMfaPolicy(values)}
      saved="Two-factor requirement saved"
      label="Require two-factor sign-in of"
      choices={MFA_MODES}
      saveLabel="Save requirement"
    />
  );
};

/** Warns when password sign-in is about to be limited while no provider offers another way in. */
const NoProviderWarning = () => {
  const mode = useWatch<PasswordLogin>({ name: 'mode' });
  const { data, isPending } = useGetList<SsoProvider>('sso-providers', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  if (mode !== 'admins_only' || isPending || data?.some((provider) => provider.enabled)) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }}>
      No single sign-on provider is enabled: members who are not admins could not sign in at all.{' '}
      <Link component={RouterLink} to="/sso-providers">
        Add a provider
      </Link>{' '}
      first.
    </Alert>
  );
};

/** Who may sign in with a password: everyone, or admins only once single sign-on is in place. */
const PasswordLoginForm = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return (
    <ModeSettingForm
      queryKey={PASSWORD_KEY}
      read={() => dataProvider.passwordLoginSettings()}
      write={(values) => dataProvider.updatePasswordLoginSettings(values)}
      saved="Password sign-in saved"
      label="Who may sign in with a password"
      choices={PASSWORD_MODES}
      saveLabel="Save password sign-in"
    >
      <NoProviderWarning />
    </ModeSettingForm>
  );
};

/**
 * Sign-in settings of the installation (/settings/sign-in, instance admins): who must use two-factor
 * sign-in, and whether people other than admins may still use a password once single sign-on is set up.
 */
const SignInSettingsPage = () => (
  <Box sx={{ maxWidth: 720, my: 2 }}>
    <Title title="Sign-in settings" />
    <Section title="Two-factor sign-in">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        People it applies to who have not set it up yet are asked to do so right after signing in, before they
        can do anything else. To require it of admins, first turn it on for your own account under{' '}
        <Link component={RouterLink} to="/account">
          My account
        </Link>
        . A member who lost their phone and recovery codes can have it reset from their page under Users.
      </Typography>
      <MfaPolicyForm />
    </Section>
    <Section title="Password sign-in">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Once everyone signs in through your identity provider (single sign-on), you can stop members from
        using a password here.
      </Typography>
      <Alert severity="info" sx={{ mb: 2 }}>
        Admins can always sign in with their password, whatever you choose here. That is the way back in
        (“break-glass”) when the identity provider is down or misconfigured: an admin can still sign in and
        fix it. Keep admin passwords strong, and turn on two-factor sign-in for admins.
      </Alert>
      <PasswordLoginForm />
    </Section>
  </Box>
);

export default SignInSettingsPage;
