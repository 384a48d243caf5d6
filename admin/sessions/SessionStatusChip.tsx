import { Chip, type ChipProps } from '@mui/material';
import { STATUS_CHOICES, type SessionStatus } from './sessionFormat';

const COLOURS: Record<SessionStatus, ChipProps['color']> = {
  planned: 'info',
  live: 'success',
  finished: 'primary',
  cancelled: 'default',
};

/** A session's status as a coloured chip. */
export const SessionStatusChip = ({ status }: { status: SessionStatus }) => (
  <Chip
    size="small"
    color={COLOURS[status]}
    label={STATUS_CHOICES.find((choice) => choice.id === status)?.name ?? status}
  />
);
