import { useAuthProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { ConsoleAuthProvider } from '../authProvider';

/** The console's auth provider with its account-flow methods (it is always configured). */
export function useConsoleAuthProvider(): ConsoleAuthProvider {
  const authProvider = useAuthProvider<ConsoleAuthProvider>();
  if (!authProvider) throw new Error('The console needs its auth provider');
  return authProvider;
}

/** What the sign-in screens offer: first run, registration mode, mail and verification. */
export function useSignInOptions() {
  const authProvider = useConsoleAuthProvider();
  return useQuery({
    queryKey: ['auth', 'signInOptions'],
    queryFn: () => authProvider.signInOptions(),
    staleTime: 60_000,
  });
}
