import { Stack, Typography } from '@mui/material';
import {
  BooleanInput,
  DateField,
  Edit,
  RadioButtonGroupInput,
  SaveButton,
  SimpleForm,
  Toolbar,
  useGetIdentity,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { ROLE_CHOICES } from './roles';
import { DescribedOption } from './DescribedOption';
import { UserStatus } from './UserList';
import { ResetTwoFactor } from './ResetTwoFactor';

type User = Schemas['HouseholdUserDto'];

const UserTitle = () => {
  const user = useRecordContext<User>();
  return <>{user ? `User ${user.displayName}` : 'User'}</>;
};

const UserSummary = () => {
  const user = useRecordContext<User>();
  if (!user) return null;
  return (
    <Stack spacing={0.5} sx={{ mb: 2 }}>
      <Typography variant="h6" component="h2">
        {user.displayName}
      </Typography>
      <Typography variant="body2">{user.email}</Typography>
      <Typography variant="body2" color="text.secondary">
        Joined <DateField source="createdAt" />
      </Typography>
      <div>
        <UserStatus user={user} />
      </div>
    </Stack>
  );
};

/** Disabling: refused for oneself by the API, so not offered there. */
const DisabledInput = () => {
  const user = useRecordContext<User>();
  const { identity } = useGetIdentity();
  const self = user !== undefined && identity?.id === user.id;
  return (
    <BooleanInput
      source="disabled"
      label="Disabled"
      disabled={self}
      helperText={
        self
          ? 'You cannot disable yourself.'
          : 'A disabled user is signed out everywhere at once and cannot sign in.'
      }
    />
  );
};

/** Users are never deleted here (the API keeps their history): saving is the only action. */
const UserEditToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/**
 * Changing a member's role, disabling them, or resetting their two-factor sign-in (admins); the
 * household keeps at least one admin.
 */
export const UserEdit = () => (
  <Edit<User> title={<UserTitle />} mutationMode="pessimistic" redirect="list">
    <SimpleForm toolbar={<UserEditToolbar />} sx={{ maxWidth: 640 }}>
      <UserSummary />
      <RadioButtonGroupInput
        source="role"
        label="Role"
        choices={ROLE_CHOICES}
        optionText={<DescribedOption />}
        row={false}
      />
      <DisabledInput />
      <ResetTwoFactor />
    </SimpleForm>
  </Edit>
);
