import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import { CreateButton, DataTable, DateField, List, TopToolbar, useRecordContext } from 'react-admin';
import { RevokeButton } from '../account/RevokeButton';
import type { Schemas } from '../dataProvider';
import { RoleChip } from '../users/RoleChip';
import { roleLabel } from '../users/roles';
import { InviteStatusChip } from './InviteStatusChip';

type Invite = Schemas['InviteDto'];
const Column = DataTable.Col<Invite>;

/** Who may use the invite: the address it is bound to, or anyone holding the link. */
const InviteeField = ({ withRole }: { withRole: boolean }) => {
  const invite = useRecordContext<Invite>();
  if (!invite) return null;
  return (
    <>
      {invite.email ?? 'Anyone with the link'}
      {withRole && (
        <Typography variant="body2" color="text.secondary">
          {roleLabel(invite.role)}
        </Typography>
      )}
    </>
  );
};

/** Revoking is for invites that still work. */
const RevokeOpenInvite = () => {
  const invite = useRecordContext<Invite>();
  if (invite?.status !== 'open') return null;
  return (
    <RevokeButton
      label="Revoke"
      confirmTitle="Revoke this invite?"
      confirmContent="Its link stops working at once."
      doneMessage="Invite revoked"
    />
  );
};

/** No invite yet: what they are for, and the way to make one. */
const NoInvites = () => (
  <Box sx={{ textAlign: 'center', mx: 'auto', my: 6, maxWidth: 420 }}>
    <MailOutlineIcon sx={{ fontSize: 64, color: 'text.disabled' }} />
    <Typography variant="h6" component="p" gutterBottom>
      No invites yet
    </Typography>
    <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
      Invite the people you share your collection with: each gets a link to create their account.
    </Typography>
    <CreateButton label="Invite someone" variant="contained" />
  </Box>
);

/** The household's invites (admins), newest links first as the API lists them; open ones can be revoked. */
export const InviteList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      title="Invites"
      // The API answers every invite at once and in its own order.
      pagination={false}
      empty={<NoInvites />}
      perPage={1000}
      actions={
        <TopToolbar>
          <CreateButton label="Invite someone" />
        </TopToolbar>
      }
    >
      <DataTable<Invite> bulkActionButtons={false} rowClick={false}>
        <Column
          label={phone ? 'Invite' : 'For'}
          disableSort
          render={() => <InviteeField withRole={phone} />}
        />
        {!phone && (
          <Column
            source="role"
            label="Role"
            disableSort
            render={(invite) => <RoleChip role={invite.role} />}
          />
        )}
        <Column
          source="status"
          label="Status"
          disableSort
          render={(invite) => <InviteStatusChip status={invite.status} />}
        />
        {!phone && <Column source="createdAt" label="Created" disableSort field={DateField} />}
        {!phone && (
          <Column
            source="expiresAt"
            label="Expires"
            disableSort
            render={() => <DateField source="expiresAt" showTime />}
          />
        )}
        <Column label="" disableSort align="right" field={RevokeOpenInvite} />
      </DataTable>
    </List>
  );
};
