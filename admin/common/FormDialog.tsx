import { useId, type ReactElement, type ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { Form, HttpError, SaveButton, useNotify } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { useSmallScreen } from './useSmallScreen';

/**
 * A small form in a dialog for a domain action (pour, add to an infinity bottle). It starts from
 * `defaultValues` only, never from the page's record; an API refusal lands on the fields it names and
 * as a notification, and the dialog stays open so the user can correct it.
 */
export function FormDialog<T extends FieldValues>({
  open,
  title,
  submitLabel,
  submitIcon,
  defaultValues,
  onClose,
  onSubmit,
  children,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  submitIcon: ReactElement;
  defaultValues: Partial<T>;
  onClose: () => void;
  /** Carries the action out; the dialog closes when it resolves. */
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
}) {
  const notify = useNotify();
  const fullScreen = useSmallScreen();
  const titleId = useId();
  const submit = async (values: FieldValues) => {
    try {
      await onSubmit(values as T);
      onClose();
      return undefined;
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
      return error instanceof HttpError
        ? (error.body as { errors?: FieldValues } | undefined)?.errors
        : undefined;
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="xs"
      fullScreen={fullScreen}
      aria-labelledby={titleId}
    >
      <Form record={{}} defaultValues={defaultValues} onSubmit={submit}>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>{children}</DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <SaveButton label={submitLabel} icon={submitIcon} alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
