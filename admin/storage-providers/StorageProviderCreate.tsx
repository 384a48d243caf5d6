import { Divider, Typography } from '@mui/material';
import { Create, SimpleForm, useDataProvider } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import type { ConsoleDataProvider } from '../dataProvider';
import { ConnectionTest } from './ConnectionTest';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { settingsToSend } from './providerSettings';
import { StorageProviderInputs } from './SettingsInputs';

/** Tests the settings as typed, before anything is saved. */
const UnsavedConnectionTest = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { getValues } = useFormContext();
  return (
    <ConnectionTest
      run={() =>
        dataProvider.testStorageSettings({
          settings: settingsToSend(getValues('settings') as Record<string, unknown>),
        })
      }
    />
  );
};

const transform = (data: Record<string, unknown>) => ({
  name: data.name,
  settings: settingsToSend(data.settings as Record<string, unknown>),
});

/** A new storage provider: the form of its type, testable before saving. */
const StorageProviderCreate = () => (
  <InstanceAdminOnly area="Storage providers">
    <Create title="New storage provider" transform={transform} redirect="edit">
      <SimpleForm defaultValues={{ settings: { type: 's3', forcePathStyle: false } }} sx={{ maxWidth: 720 }}>
        <StorageProviderInputs />
        <Divider flexItem sx={{ my: 2 }} />
        <Typography variant="subtitle1" component="h2">
          Connection test
        </Typography>
        <UnsavedConnectionTest />
      </SimpleForm>
    </Create>
  </InstanceAdminOnly>
);

export default StorageProviderCreate;
