import { Alert } from '@mui/material';
import {
  DeleteButton,
  Edit,
  SaveButton,
  ShowButton,
  SimpleForm,
  Toolbar,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { SsoProviderInputs } from './SsoProviderInputs';
import { formDefaults, toUpdate, type SsoProvider } from './ssoProviders';

const ProviderTitle = () => {
  const provider = useRecordContext<SsoProvider>();
  return <>{provider ? `Single sign-on: ${provider.name}` : 'Single sign-on'}</>;
};

const EditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this provider?"
      confirmContent="Its button leaves the login screen. Accounts linked through it keep their link and work again if it is added back with the same slug."
    />
  </Toolbar>
);

/** The form, or for the provider of the OIDC_* variables (read-only) a pointer to them. */
const ProviderForm = () => {
  const provider = useRecordContext<SsoProvider>();
  if (provider?.source === 'environment')
    return (
      <Alert severity="info" sx={{ m: 2 }}>
        This provider is configured by the OIDC_* environment variables of the server: change them there.
      </Alert>
    );
  return (
    <SimpleForm toolbar={<EditToolbar />} defaultValues={formDefaults} sx={{ maxWidth: 720 }}>
      <SsoProviderInputs />
    </SimpleForm>
  );
};

/**
 * A saved provider: its settings (the client secret only replaced or removed, never shown) and the
 * callback URL to register at the provider. A changed issuer is discovered again before saving.
 */
const SsoProviderEdit = () => (
  <InstanceAdminOnly area="Single sign-on providers">
    <Edit<SsoProvider>
      title={<ProviderTitle />}
      mutationMode="pessimistic"
      redirect={false}
      transform={toUpdate}
      actions={
        <TopToolbar>
          <ShowButton />
        </TopToolbar>
      }
    >
      <ProviderForm />
    </Edit>
  </InstanceAdminOnly>
);

export default SsoProviderEdit;
