import { Create, SimpleForm } from 'react-admin';
import { InstanceAdminOnly } from '../common/InstanceAdminOnly';
import { SsoProviderInputs } from './SsoProviderInputs';
import { DEFAULT_SCOPES, toCreate } from './ssoProviders';

const DEFAULTS = {
  enabled: true,
  scopes: DEFAULT_SCOPES,
  autoProvision: false,
  defaultRole: 'user',
  groupsClaim: 'groups',
  groupRoles: [],
};

/**
 * A new OpenID Connect provider. The API discovers its issuer before saving (a wrong URL is shown on
 * the field); the saved provider's page then shows the callback URL to register at the provider.
 */
const SsoProviderCreate = () => (
  <InstanceAdminOnly area="Single sign-on providers">
    <Create title="New single sign-on provider" transform={toCreate} redirect="edit">
      <SimpleForm defaultValues={DEFAULTS} sx={{ maxWidth: 720 }}>
        <SsoProviderInputs />
      </SimpleForm>
    </Create>
  </InstanceAdminOnly>
);

export default SsoProviderCreate;
