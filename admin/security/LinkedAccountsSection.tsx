import { useState } from 'react';
import { Alert, Box, Button, LinearProgress, List, ListItem, Stack, Typography } from '@mui/material';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Confirm, useDataProvider, useNotify } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { AccountSection } from '../account/AccountSection';
import { problemMessage } from '../login/useApiForm';
import { useConsoleAuthProvider } from '../login/useConsoleAuthProvider';
import { formatDate, SECURITY_KEYS } from './queries';

type Identity = Schemas['UserIdentityDto'];

/**
 * The accounts at single sign-on providers linked to mine (signing in there signs me in here), with
 * Unlink. Shown when there is one, or when the installation offers single sign-on at all.
 */
export const LinkedAccountsSection = ({ enabled }: { enabled: boolean }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [unlinking, setUnlinking] = useState<Identity | null>(null);
  const { data: providers } = useQuery({
    queryKey: ['auth', 'ssoProviders'],
    queryFn: () => authProvider.ssoProviders(),
    staleTime: 60_000,
  });
  const identities = useQuery({
    queryKey: SECURITY_KEYS.identities,
    queryFn: () => dataProvider.ssoIdentities(),
    enabled,
  });
  const unlink = useMutation({
    mutationFn: (identity: Identity) => dataProvider.unlinkSsoIdentity(identity.id),
    onSuccess: () => {
      notify('Account unlinked', { type: 'info' });
      void queryClient.invalidateQueries({ queryKey: SECURITY_KEYS.identities });
    },
    // 409: it is my only way in (no password, no other link); the API says so.
    onError: (error) => notify(problemMessage(error), { type: 'error', autoHideDuration: 10_000 }),
    onSettled: () => setUnlinking(null),
  });
  const labelOf = (slug: string) =>
    providers?.find((provider) => provider.slug === slug)?.buttonLabel.replace(/^Sign in with /i, '') ?? slug;

  if (!enabled || (!identities.data?.length && !providers?.length && !identities.error)) return null;
  return (
    <AccountSection
      title="Single sign-on"
      subheader="Accounts at sign-in providers that open this account. Signing in with a provider’s button links it."
    >
      {identities.isPending ? (
        <LinearProgress />
      ) : identities.error ? (
        <Alert severity="error">{problemMessage(identities.error)}</Alert>
      ) : identities.data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No account is linked yet.
        </Typography>
      ) : (
        <List disablePadding aria-label="Linked accounts">
          {identities.data.map((identity) => (
            <ListItem key={identity.id} divider sx={{ display: 'block', px: 0 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Box sx={{ flex: 1, minWidth: 0 }}>
                  <Typography sx={{ overflowWrap: 'anywhere' }}>
                    {labelOf(identity.provider)}
                    {identity.email ? ` · ${identity.email}` : ''}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    Linked {formatDate(identity.createdAt)} ·{' '}
                    {identity.lastUsedAt
                      ? `last used ${formatDate(identity.lastUsedAt, true)}`
                      : 'never used'}
                  </Typography>
                </Box>
                <Button
                  startIcon={<LinkOffIcon />}
                  onClick={() => setUnlinking(identity)}
                  aria-label={`Unlink ${labelOf(identity.provider)}`}
                  sx={{ minHeight: 44, flexShrink: 0 }}
                >
                  Unlink
                </Button>
              </Stack>
            </ListItem>
          ))}
        </List>
      )}
      <Confirm
        isOpen={unlinking !== null}
        loading={unlink.isPending}
        title="Unlink this account?"
        content="Signing in with this provider will no longer open your account here (unless it links again by your verified email address)."
        confirm="Unlink"
        onConfirm={() => unlinking && unlink.mutate(unlinking)}
        onClose={() => setUnlinking(null)}
      />
    </AccountSection>
  );
};
