import { HttpError } from 'react-admin';
import { useMutation } from '@tanstack/react-query';

/** The sentence to show for a failed call: the API's problem `detail`, or a generic fallback. */
export function problemMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong; please try again';
}

/** The field errors of a refused call, keyed by field name (react-admin shows each under its input). */
function fieldErrors(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof HttpError)) return undefined;
  return (error.body as { errors?: Record<string, unknown> } | undefined)?.errors;
}

/** What to do when the call of {@link useApiForm} succeeds or fails. */
export interface ApiFormOptions<TValues, TResult> {
  onSuccess?: (result: TResult, values: TValues) => void;
  /** Called with the problem's message; without it, the form shows {@link ApiForm.problem} itself. */
  onError?: (message: string) => void;
}

/** The state of a form that sends its values to the API. */
export interface ApiForm<TResult> {
  /** For `<Form onSubmit>`: runs the call and hands field errors back to the form. */
  onSubmit: (values: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>;
  pending: boolean;
  /** The last failure's message, until the next submission. */
  problem: string | undefined;
  /** Whether the last submission succeeded. */
  succeeded: boolean;
  /** The last success's answer. */
  result: TResult | undefined;
  /** Forgets the last answer (to show the form again). */
  reset: () => void;
}

/**
 * A react-admin `<Form>` that calls the API: pending state, the problem's message and the field
 * errors of a refused submission on their inputs.
 */
export function useApiForm<TValues, TResult>(
  action: (values: TValues) => Promise<TResult>,
  options: ApiFormOptions<TValues, TResult> = {},
): ApiForm<TResult> {
  const mutation = useMutation({
    mutationFn: action,
    onSuccess: options.onSuccess,
    onError: (error) => options.onError?.(problemMessage(error)),
  });
  return {
    onSubmit: async (values) => {
      try {
        // The form's inputs are the fields of TValues: its `source`s are the API's field names.
        await mutation.mutateAsync(values as TValues);
        return undefined;
      } catch (error) {
        return fieldErrors(error);
      }
    },
    pending: mutation.isPending,
    problem: mutation.error && !options.onError ? problemMessage(mutation.error) : undefined,
    succeeded: mutation.isSuccess,
    result: mutation.data,
    reset: mutation.reset,
  };
}
