import { useMemo } from 'react';
import { Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AutocompleteInput,
  Form,
  maxLength,
  required,
  SaveButton,
  SelectInput,
  TextInput,
  useDataProvider,
  useNotify,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { useApiForm } from '../login/useApiForm';
import { useConsoleAuthProvider, useSignInOptions } from '../login/useConsoleAuthProvider';
import { roleLabel } from '../users/roles';
import { AccountSection } from './AccountSection';

type Profile = Required<Schemas['UpdateProfileDto']>;

const RATING_SCALES: { id: Profile['ratingScale']; name: string }[] = [
  { id: 'points100', name: '100 points' },
  { id: 'points10', name: '10 points' },
  { id: 'stars5', name: '5 stars' },
];

const languageTag = (value: string | null) =>
  value && !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value)
    ? 'A language tag such as en-GB or de-CH'
    : undefined;

/** Choices of the browser's list of `kind` values, keeping `current` even if the browser lacks it. */
function intlChoices(kind: 'timeZone' | 'currency', current: string | undefined) {
  const values = Intl.supportedValuesOf(kind);
  const all = current && !values.includes(current) ? [current, ...values] : values;
  if (kind === 'timeZone') return all.map((zone) => ({ id: zone, name: zone.replace(/_/g, ' ') }));
  const names = new Intl.DisplayNames(undefined, { type: 'currency' });
  return all.map((code) => ({ id: code, name: `${code} – ${names.of(code) ?? code}` }));
}

/** My profile: name, language and region, time zone, currency and the rating scale I score with. */
export const ProfileSection = () => {
  const authProvider = useConsoleAuthProvider();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data: options } = useSignInOptions();
  // Reading through the auth provider keeps its stored copy (the rating scale, the name) current.
  const { data: me, isPending } = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: () => authProvider.refreshUser(),
  });
  const form = useApiForm(
    (values: Profile) => {
      // The form holds the whole account; the API takes the profile fields and the version read.
      const { version, displayName, locale, timeZone, currency, ratingScale } = values;
      return dataProvider.updateMe({
        version,
        displayName,
        locale,
        timeZone,
        currency,
        ratingScale,
      });
    },
    {
      onSuccess: (saved) => {
        notify('Profile saved', { type: 'success' });
        authProvider.rememberUser(saved);
        queryClient.setQueryData(['auth', 'me'], saved);
        // The app bar shows the name from the identity.
        void queryClient.invalidateQueries({ queryKey: ['auth', 'getIdentity'] });
      },
      onError: (message) => notify(message, { type: 'error' }),
    },
  );
  const timeZones = useMemo(() => intlChoices('timeZone', me?.timeZone), [me?.timeZone]);
  const currencies = useMemo(() => intlChoices('currency', me?.currency), [me?.currency]);

  return (
    <AccountSection
      title="Profile"
      subheader="How you appear to your household, and how the console shows things."
    >
      {isPending || !me ? (
        <LinearProgress />
      ) : (
        <>
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }}
          >
            <Typography variant="body2">{me.email}</Typography>
            {(me.emailVerified || options?.emailEnabled) && (
              <Chip
                size="small"
                label={me.emailVerified ? 'Verified' : 'Not verified'}
                color={me.emailVerified ? 'success' : 'warning'}
                variant="outlined"
              />
            )}
            <Chip size="small" label={roleLabel(me.role)} variant="outlined" />
          </Stack>
          <Form record={me} onSubmit={form.onSubmit} noValidate>
            <TextInput source="displayName" label="Display name" validate={[required(), maxLength(100)]} />
            <Stack direction={{ xs: 'column', sm: 'row' }} columnGap={2}>
              <TextInput
                source="locale"
                label="Language and region"
                helperText="For dates and numbers, e.g. en-GB or de-CH"
                validate={[required(), languageTag]}
              />
              <AutocompleteInput
                source="timeZone"
                label="Time zone"
                choices={timeZones}
                validate={required()}
              />
            </Stack>
            <Stack direction={{ xs: 'column', sm: 'row' }} columnGap={2}>
              <AutocompleteInput
                source="currency"
                label="Currency"
                choices={currencies}
                validate={required()}
              />
              <SelectInput
                source="ratingScale"
                label="Rating scale"
                choices={RATING_SCALES}
                helperText="The scale you score tasting notes with"
                validate={required()}
              />
            </Stack>
            <SaveButton label="Save profile" />
          </Form>
        </>
      )}
    </AccountSection>
  );
};
