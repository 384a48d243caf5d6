import { Box, Stack, Typography } from '@mui/material';
import {
  BooleanField,
  EditButton,
  FunctionField,
  Labeled,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { roleLabel } from '../users/roles';
import { CallbackUrlField } from './CallbackUrlField';
import { ClientSecretChip } from './ClientSecretChip';
import { groupRolesOf, type SsoProvider } from './ssoProviders';

const ProviderTitle = () => {
  const provider = useRecordContext<SsoProvider>();
  return <>{provider ? `Single sign-on: ${provider.name}` : 'Single sign-on'}</>;
};

/** Editing is offered for the providers admins made, not for the environment's. */
const ShowActions = () => {
  const provider = useRecordContext<SsoProvider>();
  return <TopToolbar>{provider?.source === 'admin' && <EditButton />}</TopToolbar>;
};

const CallbackUrl = () => {
  const provider = useRecordContext<SsoProvider>();
  if (!provider) return null;
  return (
    <Box sx={{ width: '100%', maxWidth: 720, mb: 1 }}>
      <CallbackUrlField url={provider.callbackUrl} />
    </Box>
  );
};

const GroupRoles = () => {
  const provider = useRecordContext<SsoProvider>();
  const rows = groupRolesOf(provider?.groupRoleMap);
  if (rows.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        None: roles are managed here
      </Typography>
    );
  return (
    <Stack spacing={0.5}>
      {rows.map((row) => (
        <Typography key={row.group} variant="body2" sx={{ wordBreak: 'break-word' }}>
          <code>{row.group}</code> → {roleLabel(row.role)}
        </Typography>
      ))}
    </Stack>
  );
};

/** A provider at a glance, with its callback URL to copy; the environment's provider is shown only here. */
const SsoProviderShow = () => (
  <InstanceAdminOnly area="Single sign-on providers">
    <Show<SsoProvider> title={<ProviderTitle />} actions={<ShowActions />}>
      <SimpleShowLayout sx={{ '& .RaLabeled-label': { mb: 0.25 }, wordBreak: 'break-word' }}>
        <CallbackUrl />
        <TextField source="slug" label="Slug" />
        <FunctionField<SsoProvider>
          label="Configured by"
          render={(provider) =>
            provider.source === 'environment'
              ? 'The OIDC_* environment variables (read-only here)'
              : 'An admin'
          }
        />
        <TextField source="name" label="Name" />
        <TextField source="buttonLabel" label="Button label" />
        <BooleanField source="enabled" label="Enabled" />
        <TextField source="issuerUrl" label="Issuer URL" />
        <TextField source="clientId" label="Client ID" />
        <FunctionField<SsoProvider>
          label="Client secret"
          render={(provider) => <ClientSecretChip provider={provider} />}
        />
        <TextField source="scopes" label="Scopes" />
        <BooleanField source="autoProvision" label="Create accounts on first sign-in" />
        <FunctionField<SsoProvider>
          label="Household of new accounts"
          render={(provider) => provider.householdId ?? 'The first household of this installation'}
        />
        <FunctionField<SsoProvider>
          label="Default role"
          render={(provider) => roleLabel(provider.defaultRole)}
        />
        <TextField source="groupsClaim" label="Groups claim" />
        <Labeled label="Roles from groups">
          <GroupRoles />
        </Labeled>
      </SimpleShowLayout>
    </Show>
  </InstanceAdminOnly>
);

export default SsoProviderShow;
