import { useCallback } from 'react';
import { useNotify } from 'react-admin';

/** Shows a failed call's message (the API's problem `detail`) as an error notification. */
export function useNotifyError(): (error: unknown) => void {
  const notify = useNotify();
  return useCallback(
    (error: unknown) =>
      notify(error instanceof Error ? error.message : 'Something went wrong', { type: 'error' }),
    [notify],
  );
}
