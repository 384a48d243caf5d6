import { Chip } from '@mui/material';
import { roleLabel, type Role } from './roles';

const COLORS: Record<Role, 'primary' | 'default' | 'secondary'> = {
  admin: 'primary',
  user: 'default',
  read_only: 'secondary',
};

/** A household role as a small chip: "Admin", "Member", "Read-only". */
export const RoleChip = ({ role }: { role: Role }) => (
  <Chip size="small" variant="outlined" color={COLORS[role]} label={roleLabel(role)} />
);
