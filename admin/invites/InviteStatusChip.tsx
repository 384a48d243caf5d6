import { Chip } from '@mui/material';
import type { Schemas } from '../dataProvider';

type Status = Schemas['InviteDto']['status'];

const LOOKS: Record<Status, { label: string; color: 'success' | 'default' | 'warning' }> = {
  open: { label: 'Open', color: 'success' },
  used: { label: 'Used', color: 'default' },
  revoked: { label: 'Revoked', color: 'default' },
  expired: { label: 'Expired', color: 'warning' },
};

/** Whether an invite can still be used. */
export const InviteStatusChip = ({ status }: { status: Status }) => (
  <Chip size="small" variant="outlined" color={LOOKS[status].color} label={LOOKS[status].label} />
);
