import { useState, type ReactNode } from 'react';
import { Box, Chip, Stack, Typography } from '@mui/material';
import {
  ArrayInput,
  BooleanInput,
  Button,
  FormDataConsumer,
  maxLength,
  PasswordInput,
  RadioButtonGroupInput,
  required,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { ROLE_CHOICES } from '../users/roles';
import { DescribedOption } from '../users/DescribedOption';
import { CallbackUrlField } from './CallbackUrlField';
import { scopesProblem, slugProblem, type SsoProvider } from './ssoProviders';

const Heading = ({ children }: { children: ReactNode }) => (
  <Typography variant="subtitle1" component="h2" sx={{ mt: 2, mb: 1 }}>
    {children}
  </Typography>
);

const httpUrl = (value: unknown) => {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'An https:// URL';
  } catch {
    return 'An https:// URL';
  }
};

/**
 * The client secret. A new provider gets a plain field (empty: a public client, PKCE only). A saved
 * one never brings its secret back: the admin sees "set" or "not set", and "Replace" shows an empty
 * field (left empty, the stored secret is kept); "Remove" makes it a public client.
 */
const ClientSecretInput = () => {
  const record = useRecordContext<SsoProvider>();
  const { setValue } = useFormContext();
  const [mode, setMode] = useState<'stored' | 'replace' | 'remove'>('stored');
  const input = (
    <PasswordInput
      source="clientSecret"
      label="Client secret"
      autoComplete="new-password"
      validate={maxLength(1024)}
      helperText={
        record
          ? 'Left empty, the stored secret is kept'
          : 'Empty for a public client (PKCE only); stored encrypted and never shown again'
      }
    />
  );
  if (!record) return input;
  const isSet = record.clientSecretSet;
  const choose = (next: typeof mode) => {
    setMode(next);
    setValue('clientSecret', next === 'replace' ? '' : next === 'remove' ? null : undefined, {
      shouldDirty: true,
    });
  };
  return (
    <Box sx={{ mb: 2, width: '100%' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="body2" component="span" id="client-secret-state">
          Client secret:
        </Typography>
        {mode === 'remove' ? (
          <Chip size="small" color="warning" label="removed when you save" />
        ) : (
          <Chip
            size="small"
            variant="outlined"
            color={isSet ? 'success' : 'default'}
            label={isSet ? 'set' : 'not set'}
            aria-describedby="client-secret-state"
          />
        )}
        {mode === 'stored' ? (
          <>
            <Button
              label={isSet ? 'Replace' : 'Set'}
              aria-label={`${isSet ? 'Replace' : 'Set'} client secret`}
              onClick={() => choose('replace')}
            />
            {isSet && (
              <Button
                label="Remove"
                aria-label="Remove client secret"
                color="warning"
                onClick={() => choose('remove')}
              />
            )}
          </>
        ) : (
          <Button label="Cancel" aria-label="Keep client secret" onClick={() => choose('stored')} />
        )}
      </Stack>
      {mode === 'replace' && <Box sx={{ mt: 1 }}>{input}</Box>}
      {mode === 'remove' && (
        <Typography variant="caption" color="text.secondary" component="p">
          Without a secret this is a public client: the provider must allow that (PKCE only).
        </Typography>
      )}
    </Box>
  );
};

/** Group → role rows; each group's members get that role at every sign-in. */
const GroupRolesInput = () => (
  <ArrayInput
    source="groupRoles"
    label="Roles from groups"
    helperText="Each sign-in sets the role of the highest group listed; none listed: roles are managed here"
  >
    <SimpleFormIterator inline disableReordering>
      <TextInput
        source="group"
        label="Group"
        validate={[required(), maxLength(200)]}
        helperText={false}
        sx={{ minWidth: { xs: '100%', sm: 240 } }}
      />
      <SelectInput
        source="role"
        label="Role"
        choices={ROLE_CHOICES}
        validate={required()}
        helperText={false}
        sx={{ minWidth: { xs: '100%', sm: 160 } }}
      />
    </SimpleFormIterator>
  </ArrayInput>
);

/**
 * The form of a provider: what the login screen shows, how to reach the provider (its issuer is
 * discovered when saving), and what a sign-in does with accounts. The slug is chosen once.
 */
export const SsoProviderInputs = () => {
  const record = useRecordContext<SsoProvider>();
  return (
    <>
      {record ? (
        <Typography variant="body2" sx={{ mb: 2 }}>
          Slug: <code>{record.slug}</code>
        </Typography>
      ) : (
        <TextInput
          source="slug"
          label="Slug"
          validate={[required(), slugProblem]}
          helperText="In the sign-in URLs, e.g. authentik; it cannot change later"
          slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
        />
      )}
      <TextInput
        source="name"
        label="Name"
        validate={[required(), maxLength(100)]}
        helperText="e.g. Authentik"
      />
      <TextInput
        source="buttonLabel"
        label="Button label"
        validate={[required(), maxLength(100)]}
        helperText="The text of its button on the login screen, e.g. Sign in with Authentik"
      />
      <BooleanInput source="enabled" label="Enabled" helperText="Offer its button on the login screen" />

      <Heading>Connection</Heading>
      {record ? (
        <Box sx={{ width: '100%', mb: 2 }}>
          <CallbackUrlField url={record.callbackUrl} />
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Once saved, this page shows the callback URL to register at the provider.
        </Typography>
      )}
      <TextInput
        source="issuerUrl"
        label="Issuer URL"
        validate={[required(), httpUrl, maxLength(500)]}
        helperText="The provider's issuer, e.g. https://auth.example.org/application/o/whiskey/ – checked when you save"
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none', inputMode: 'url' } }}
      />
      <TextInput
        source="clientId"
        label="Client ID"
        validate={[required(), maxLength(255)]}
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      />
      <ClientSecretInput key={record?.version} />
      <TextInput
        source="scopes"
        label="Scopes"
        validate={[required(), scopesProblem, maxLength(500)]}
        helperText="Space-separated, including openid; add groups to map groups to roles"
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      />

      <Heading>Accounts</Heading>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        A sign-in is linked to the account with the same email address, and only when the provider says the
        address is verified.
      </Typography>
      <BooleanInput
        source="autoProvision"
        label="Create accounts on first sign-in"
        helperText="Off: only people who already have an account here can sign in"
      />
      <FormDataConsumer<{ autoProvision?: boolean }>>
        {({ formData }) =>
          formData.autoProvision && (
            <TextInput
              source="householdId"
              label="Household ID of new accounts"
              helperText="Empty: the first household of this installation"
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
          )
        }
      </FormDataConsumer>
      <RadioButtonGroupInput
        source="defaultRole"
        label="Default role"
        choices={ROLE_CHOICES}
        optionText={<DescribedOption />}
        row={false}
        helperText="Of new accounts; with roles from groups, also of anyone in none of the groups listed"
      />
      <TextInput
        source="groupsClaim"
        label="Groups claim"
        validate={[required(), maxLength(100)]}
        helperText="The claim that lists the person's groups, usually groups"
      />
      <GroupRolesInput />
    </>
  );
};
