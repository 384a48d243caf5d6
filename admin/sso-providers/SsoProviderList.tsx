import { Chip, Stack } from '@mui/material';
import { CreateButton, DataTable, List, SimpleList, TopToolbar, type RowClickFunction } from 'react-admin';
import { useSmallScreen } from '../common/useSmallScreen';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { ClientSecretChip } from './ClientSecretChip';
import type { SsoProvider } from './ssoProviders';

const Column = DataTable.Col<SsoProvider>;

/** Enabled or disabled, and "environment" for the read-only provider of the OIDC_* variables. */
const StateChips = ({ provider }: { provider: SsoProvider }) => (
  <Stack direction="row" spacing={1} component="span" sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
    <Chip
      size="small"
      color={provider.enabled ? 'success' : 'default'}
      variant={provider.enabled ? 'filled' : 'outlined'}
      label={provider.enabled ? 'enabled' : 'disabled'}
    />
    {provider.source === 'environment' && <Chip size="small" variant="outlined" label="environment" />}
  </Stack>
);

/** The environment's provider opens read-only; the others open their form. */
const rowClick: RowClickFunction = (_id, _resource, record) =>
  (record as SsoProvider).source === 'environment' ? 'show' : 'edit';

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="Add provider" />
  </TopToolbar>
);

/** The OpenID Connect providers people can sign in with (instance admins); a row opens its form. */
const SsoProviderList = () => {
  const phone = useSmallScreen();
  return (
    <InstanceAdminOnly area="Single sign-on providers">
      <List<SsoProvider>
        title="Single sign-on"
        actions={<ListActions />}
        sort={{ field: 'name', order: 'ASC' }}
        exporter={false}
        empty={false}
      >
        {phone ? (
          <SimpleList<SsoProvider>
            primaryText={(provider) => provider.name}
            secondaryText={(provider) => provider.issuerUrl}
            tertiaryText={(provider) => <StateChips provider={provider} />}
            rowClick={rowClick}
          />
        ) : (
          <DataTable<SsoProvider> rowClick={rowClick} bulkActionButtons={false}>
            <Column source="name" label="Name" />
            <Column source="slug" label="Slug" />
            <Column source="issuerUrl" label="Issuer" disableSort />
            <Column
              label="Client secret"
              disableSort
              render={(provider) => <ClientSecretChip provider={provider} />}
            />
            <Column label="State" disableSort render={(provider) => <StateChips provider={provider} />} />
          </DataTable>
        )}
      </List>
    </InstanceAdminOnly>
  );
};

export default SsoProviderList;
