import { useState, type ReactNode } from 'react';
import { Button, type ButtonProps } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { Confirm, useDataProvider, useNotify, useRefresh } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import type { TastingSession } from './sessionFormat';
import { useNotifyError } from './useNotifyError';

type Transition = Parameters<ConsoleDataProvider['sessionTransition']>[1];

const DONE: Record<Transition, string> = {
  start: 'The tasting has started: every sample is poured',
  finish: 'The tasting is finished and every sample revealed',
  cancel: 'The session is cancelled',
  reveal: 'Every sample is revealed',
};

/**
 * Moves a session along (start, finish, cancel, reveal all), after a confirmation when `confirm` is
 * given; reloads the page's data and calls `onDone` with the session as it is now.
 */
export const TransitionButton = ({
  session,
  transition,
  label,
  icon,
  confirm,
  onDone,
  ...buttonProps
}: TransitionButtonProps) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  const [asking, setAsking] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.sessionTransition(session.id, transition),
    onSuccess: (updated) => {
      notify(DONE[transition], { type: 'success' });
      refresh();
      onDone?.(updated);
    },
    onError: notifyError,
    onSettled: () => setAsking(false),
  });
  return (
    <>
      <Button
        size="large"
        startIcon={icon}
        disabled={isPending}
        onClick={() => (confirm ? setAsking(true) : mutate())}
        {...buttonProps}
      >
        {label}
      </Button>
      {confirm && (
        <Confirm
          isOpen={asking}
          loading={isPending}
          title={confirm.title}
          content={confirm.content}
          confirm={label}
          onConfirm={() => mutate()}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
};

/** Props of {@link TransitionButton}. */
export interface TransitionButtonProps extends Omit<ButtonProps, 'onClick'> {
  session: TastingSession;
  transition: Transition;
  label: string;
  icon?: ReactNode;
  /** Ask first: for what cannot be undone. */
  confirm?: { title: string; content: string };
  onDone?: (session: TastingSession) => void;
}
