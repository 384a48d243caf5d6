import { lazy, Suspense } from 'react';
import { LinearProgress } from '@mui/material';

/** The security settings (and the WebAuthn helpers they use) load when My account opens. */
const SecuritySettings = lazy(() => import('../security/SecuritySettings'));

/** My account → Security: two-factor sign-in, passkeys and linked single sign-on accounts. */
export const SecuritySection = () => (
  <Suspense fallback={<LinearProgress aria-label="Loading the security settings" />}>
    <SecuritySettings />
  </Suspense>
);
