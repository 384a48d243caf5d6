import { Chip, Stack, Tooltip } from '@mui/material';
import { CreateButton, DataTable, DateField, List, SimpleList, TopToolbar } from 'react-admin';
import { useSmallScreen } from '../common/useSmallScreen';
import { formatTimeAgo } from './format';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { providerTypeLabel, type StorageProvider } from './providerSettings';

const Column = DataTable.Col<StorageProvider>;

/** "ok" or "failed" with when, or "not tested" (a new provider, or one whose settings changed). */
export const LastTestChip = ({ provider }: { provider: StorageProvider }) => {
  const last = provider.lastTest;
  if (!last) return <Chip size="small" variant="outlined" label="not tested" />;
  return (
    <Stack direction="row" spacing={1} component="span" sx={{ alignItems: 'center' }}>
      <Chip size="small" color={last.ok ? 'success' : 'error'} label={last.ok ? 'ok' : 'failed'} />
      <Tooltip title={new Date(last.testedAt).toLocaleString()}>
        <time dateTime={last.testedAt}>{formatTimeAgo(last.testedAt)}</time>
      </Tooltip>
    </Stack>
  );
};

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="Add provider" />
  </TopToolbar>
);

/** The storage providers of the installation (instance admins): a row opens its form. */
const StorageProviderList = () => {
  const phone = useSmallScreen();
  return (
    <InstanceAdminOnly area="Storage providers">
      <List<StorageProvider>
        title="Storage providers"
        actions={<ListActions />}
        sort={{ field: 'name', order: 'ASC' }}
        exporter={false}
        empty={false}
      >
        {phone ? (
          <SimpleList<StorageProvider>
            primaryText={(provider) => provider.name}
            secondaryText={(provider) => providerTypeLabel(provider.type)}
            tertiaryText={(provider) => <LastTestChip provider={provider} />}
            rowClick="edit"
          />
        ) : (
          <DataTable<StorageProvider> rowClick="edit" bulkActionButtons={false}>
            <Column source="name" label="Name" />
            <Column source="type" label="Type" render={(provider) => providerTypeLabel(provider.type)} />
            <Column
              label="Last test"
              disableSort
              render={(provider) => <LastTestChip provider={provider} />}
            />
            <Column source="createdAt" label="Created" field={DateField} />
          </DataTable>
        )}
      </List>
    </InstanceAdminOnly>
  );
};

export default StorageProviderList;
