import { Divider, Typography } from '@mui/material';
import {
  DeleteButton,
  Edit,
  SaveButton,
  SimpleForm,
  Toolbar,
  useDataProvider,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useFormState } from 'react-hook-form';
import type { ConsoleDataProvider } from '../dataProvider';
import { ConnectionTest } from './ConnectionTest';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { settingsToSend, type StorageProvider } from './providerSettings';
import { StorageProviderInputs } from './SettingsInputs';

const ProviderTitle = () => {
  const provider = useRecordContext<StorageProvider>();
  return <>{provider ? `Storage provider ${provider.name}` : 'Storage provider'}</>;
};

/**
 * Tests the saved provider: its stored secrets never come back to the browser, so unsaved changes
 * cannot be tested here and are saved first.
 */
const SavedConnectionTest = () => {
  const provider = useRecordContext<StorageProvider>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  // Counted from dirtyFields, as react-admin's SaveButton does: isDirty can stay true after a save resets the form.
  const { dirtyFields } = useFormState();
  const isDirty = Object.keys(dirtyFields).length > 0;
  if (!provider) return null;
  return (
    <ConnectionTest
      key={provider.version}
      run={() => dataProvider.testStorageProvider(provider.id)}
      initial={provider.lastTest}
      disabledReason={isDirty ? 'Save your changes first: the test uses the saved settings.' : undefined}
      // The test is recorded as the provider's last one (and may pin an SFTP host key): reload it.
      onTested={refresh}
    />
  );
};

/**
 * Sends the name and, only when they changed, the settings: changing them resets the last test.
 * Secrets left alone are kept, removed ones are sent as null.
 */
const transform = (data: Record<string, unknown>, options?: { previousData?: Record<string, unknown> }) => {
  const settings = settingsToSend(data.settings as Record<string, unknown>);
  const previous = options?.previousData?.settings as Record<string, unknown> | undefined;
  const unchanged = JSON.stringify(settings) === JSON.stringify(settingsToSend(previous));
  return { ...data, settings: unchanged ? previous : settings };
};

const EditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton mutationMode="pessimistic" />
  </Toolbar>
);

/** A saved storage provider: its settings (secrets only replaced, never shown) and its connection test. */
const StorageProviderEdit = () => (
  <InstanceAdminOnly area="Storage providers">
    <Edit<StorageProvider>
      title={<ProviderTitle />}
      mutationMode="pessimistic"
      redirect={false}
      transform={transform}
    >
      <SimpleForm toolbar={<EditToolbar />} sx={{ maxWidth: 720 }}>
        <StorageProviderInputs typeFixed />
        <Divider flexItem sx={{ my: 2 }} />
        <Typography variant="subtitle1" component="h2">
          Connection test
        </Typography>
        <SavedConnectionTest />
      </SimpleForm>
    </Edit>
  </InstanceAdminOnly>
);

export default StorageProviderEdit;
