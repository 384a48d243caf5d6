import { Chip, useMediaQuery, type Theme } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import {
  CreateButton,
  DataTable,
  DateField,
  FilterButton,
  List,
  SearchInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useGetIdentity,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { useSignInOptions } from '../login/useConsoleAuthProvider';
import { RoleChip } from './RoleChip';
import { TwoFactorChip } from './TwoFactorChip';
import { ROLE_CHOICES, roleLabel } from './roles';

type User = Schemas['HouseholdUserDto'];
const Column = DataTable.Col<User>;

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name or email" />,
  <SelectInput key="role" source="role" label="Role" choices={ROLE_CHOICES} />,
];

const UserListActions = () => (
  <TopToolbar>
    <FilterButton />
    <CreateButton resource="invites" label="Invite someone" icon={<PersonAddIcon />} />
  </TopToolbar>
);

/** The user's name, with "(you)" on the signed-in admin's own row. */
const UserName = () => {
  const user = useRecordContext<User>();
  const { identity } = useGetIdentity();
  if (!user) return null;
  return (
    <>
      {user.displayName}
      {identity?.id === user.id && ' (you)'}
    </>
  );
};

/** Disabled, waiting for email confirmation (where the installation requires it), or active. */
export const UserStatus = ({ user }: { user: User }) => {
  const { data: options } = useSignInOptions();
  if (user.disabled) return <Chip size="small" color="error" label="Disabled" />;
  if (!user.emailVerified && options?.emailVerificationRequired)
    return <Chip size="small" color="warning" variant="outlined" label="Email not confirmed" />;
  return <Chip size="small" color="success" variant="outlined" label="Active" />;
};

/**
 * The household's members (admins): name, email, role, status and two-factor sign-in; a row opens
 * the role editor.
 */
export const UserList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} actions={<UserListActions />} sort={{ field: 'displayName', order: 'ASC' }}>
      {phone ? (
        <SimpleList<User>
          primaryText={(user) => user.displayName}
          secondaryText={(user) => user.email}
          tertiaryText={(user) => (user.disabled ? 'Disabled' : roleLabel(user.role))}
          rowClick="edit"
        />
      ) : (
        <DataTable<User> rowClick="edit" bulkActionButtons={false}>
          <Column source="displayName" label="Name" field={UserName} />
          <Column source="email" label="Email" />
          <Column source="role" label="Role" disableSort render={(user) => <RoleChip role={user.role} />} />
          <Column label="Status" render={(user) => <UserStatus user={user} />} />
          <Column label="Two-factor" render={(user) => <TwoFactorChip factors={user.twoFactor} />} />
          <Column source="createdAt" label="Joined" field={DateField} />
        </DataTable>
      )}
    </List>
  );
};
