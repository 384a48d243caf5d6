import { Chip } from '@mui/material';
import type { SsoProvider } from './ssoProviders';

/** "set" or "not set": the secret itself never reaches the browser. */
export const ClientSecretChip = ({ provider }: { provider: SsoProvider }) => (
  <Chip
    size="small"
    variant="outlined"
    color={provider.clientSecretSet ? 'success' : 'default'}
    label={provider.clientSecretSet ? 'set' : 'not set'}
  />
);
