import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';

/** The react-query keys of the Security section's reads. */
export const SECURITY_KEYS = {
  mfa: ['security', 'mfa'],
  passkeys: ['security', 'passkeys'],
  identities: ['security', 'identities'],
} as const;

/** My two-factor sign-in: on or off, recovery codes left, required or not. */
export function useMfaStatus() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useQuery({ queryKey: SECURITY_KEYS.mfa, queryFn: () => dataProvider.mfaStatus() });
}

/** My passkeys. */
export function usePasskeys() {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  return useQuery({ queryKey: SECURITY_KEYS.passkeys, queryFn: () => dataProvider.passkeys() });
}

/** A date and time of the API, as the browser's locale writes it. */
export function formatDate(value: string, withTime = false): string {
  return new Date(value).toLocaleString(undefined, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  });
}
