import { Button, Stack } from '@mui/material';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import RedeemIcon from '@mui/icons-material/Redeem';
import SellIcon from '@mui/icons-material/Sell';
import { useState, type ReactElement } from 'react';
import { Confirm, useCanAccess, useNotify, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import type { Schemas } from '../dataProvider';
import type { BottleStatus } from '../common/BottleStatusChip';
import { formatMl } from '../common/format';

type Bottle = Schemas['BottleDetailDto'];

interface StatusChange {
  to: BottleStatus;
  label: string;
  /** The notification after the change. */
  done: string;
  icon: ReactElement;
  /** What the confirmation says will happen. */
  consequence: (bottle: Bottle) => string;
}

const OPEN: StatusChange = {
  to: 'open',
  done: 'Bottle opened',
  label: 'Open',
  icon: <LockOpenIcon />,
  consequence: () => 'It cannot be marked sealed again.',
};
const FINISH: StatusChange = {
  to: 'finished',
  done: 'Bottle finished',
  label: 'Finish',
  icon: <DoneAllIcon />,
  consequence: (bottle) =>
    bottle.currentVolumeMl > 0
      ? `The ${formatMl(bottle.currentVolumeMl)} left are recorded as a correction pour.`
      : 'It is empty.',
};
const GIFT: StatusChange = {
  to: 'gifted',
  done: 'Bottle marked as gifted',
  label: 'Gift',
  icon: <RedeemIcon />,
  consequence: () => 'It leaves the collection; nothing more can be poured from it.',
};
const SELL: StatusChange = {
  to: 'sold',
  done: 'Bottle marked as sold',
  label: 'Sell',
  icon: <SellIcon />,
  consequence: () => 'It leaves the collection; nothing more can be poured from it.',
};

/** The status changes the API allows from each status (finished, gifted and sold are final). */
const CHANGES: Record<BottleStatus, StatusChange[]> = {
  sealed: [OPEN, GIFT, SELL],
  open: [FINISH, GIFT, SELL],
  finished: [],
  gifted: [],
  sold: [],
};

/** One status change, confirmed first (every one of them is final). */
const StatusChangeButton = ({ bottle, change }: { bottle: Bottle; change: StatusChange }) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [update, { isPending }] = useUpdate<Bottle>();
  const confirm = () =>
    update(
      'bottles',
      { id: bottle.id, data: { status: change.to }, previousData: bottle },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify(change.done, { type: 'success' });
          // Finishing adds a correction pour: the history changes too.
          refresh();
        },
        onError: (error) => notify(error.message, { type: 'error' }),
        onSettled: () => setOpen(false),
      },
    );
  return (
    <>
      <Button variant="outlined" startIcon={change.icon} onClick={() => setOpen(true)} sx={{ minHeight: 44 }}>
        {change.label}
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title={`${change.label} ${bottle.whisky.name}?`}
        content={change.consequence(bottle)}
        confirm={change.label}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** Buttons to open, finish, gift or sell the bottle in the record context. */
export const BottleStatusActions = () => {
  const bottle = useRecordContext<Bottle>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'bottles' });
  if (!bottle || !canAccess) return null;
  const changes = CHANGES[bottle.status];
  if (changes.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {changes.map((change) => (
        <StatusChangeButton key={change.to} bottle={bottle} change={change} />
      ))}
    </Stack>
  );
};
