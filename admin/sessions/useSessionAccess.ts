import { useAuthProvider, usePermissions } from 'react-admin';
import type { ConsoleAuthProvider, Permissions } from '../authProvider';
import type { TastingSession } from './sessionFormat';

/** What the signed-in member may do with a session (the API enforces the same rules). */
export interface SessionAccess {
  /** Hosts it (sees every sample, even blind ones). */
  isHost: boolean;
  /** Runs it: the host or a household admin, not read-only. Starts, reveals, finishes, shares. */
  canRun: boolean;
  /** Changes its flight and participants: runs it and it is still planned. */
  canPlan: boolean;
  /** Writes notes in it: a participant who may write, while it is live or finished. */
  canNote: boolean;
}

/** {@link SessionAccess} for `session` (nothing allowed while it loads). */
export function useSessionAccess(session: TastingSession | undefined): SessionAccess {
  const { permissions } = usePermissions<Permissions>();
  const me = useAuthProvider<ConsoleAuthProvider>()?.currentUser();
  const canWrite = !!permissions?.canWrite && !!session;
  const isHost = !!session && !!me && session.host.id === me.id;
  const canRun = canWrite && (isHost || permissions?.role === 'admin');
  const participates = !!session?.participants.some((participant) => participant.userId === me?.id);
  const open = session?.status === 'live' || session?.status === 'finished';
  return {
    isHost,
    canRun,
    canPlan: canRun && session?.status === 'planned',
    canNote: canWrite && participates && open,
  };
}
