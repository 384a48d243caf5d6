import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';

/** Where a bottle is in its life: sealed, open, finished, gifted or sold. */
export type BottleStatus = Schemas['BottleDto']['status'];

/** Bottle statuses as people say them, in the order a bottle goes through them. */
export const BOTTLE_STATUS_LABELS: Record<BottleStatus, string> = {
  sealed: 'Sealed',
  open: 'Open',
  finished: 'Finished',
  gifted: 'Gifted',
  sold: 'Sold',
};

const COLOURS: Record<BottleStatus, ChipProps['color']> = {
  sealed: 'info',
  open: 'success',
  finished: 'default',
  gifted: 'secondary',
  sold: 'warning',
};

/** The statuses as choices for select inputs and filters. */
export const BOTTLE_STATUS_CHOICES = (Object.keys(BOTTLE_STATUS_LABELS) as BottleStatus[]).map((id) => ({
  id,
  name: BOTTLE_STATUS_LABELS[id],
}));

/** A bottle's status as a coloured chip. */
export const BottleStatusChip = ({
  status,
  size = 'small',
}: {
  status: BottleStatus;
  size?: ChipProps['size'];
}) => (
  <Chip
    label={BOTTLE_STATUS_LABELS[status]}
    color={COLOURS[status]}
    size={size}
    variant={status === 'sealed' ? 'outlined' : 'filled'}
  />
);

/** {@link BottleStatusChip} of the bottle in the record context (list columns, show pages). */
export const BottleStatusField = () => {
  const bottle = useRecordContext<Schemas['BottleDto']>();
  return bottle ? <BottleStatusChip status={bottle.status} /> : null;
};
