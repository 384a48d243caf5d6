import { useState, type FormEvent } from 'react';
import {
  Avatar,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  IconButton,
  List,
  ListItem,
  ListItemAvatar,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import PersonIcon from '@mui/icons-material/Person';
import PersonOutlineIcon from '@mui/icons-material/PersonOutline';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import PersonRemoveIcon from '@mui/icons-material/PersonRemove';
import LinkIcon from '@mui/icons-material/Link';
import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useGetList, useNotify, usePermissions, useRefresh } from 'react-admin';
import type { Permissions } from '../authProvider';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { GuestLinkDialog } from './GuestLinkDialog';
import type { TastingSession } from './sessionFormat';
import { useNotifyError } from './useNotifyError';

type Participant = TastingSession['participants'][number];
interface GuestLink {
  participantId: string;
  name: string;
  link: string;
}

/** Members of the household not taking part yet (the member directory is for admins only). */
const MemberPicker = ({ session }: { session: TastingSession }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notifyError = useNotifyError();
  const [userId, setUserId] = useState('');
  const { data: users = [] } = useGetList<Schemas['UserDto']>('users', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'displayName', order: 'ASC' },
  });
  const candidates = users.filter(
    (user) => !user.disabled && !session.participants.some((participant) => participant.userId === user.id),
  );
  const add = useMutation({
    mutationFn: () => dataProvider.addParticipant(session.id, { userId }),
    onSuccess: () => {
      setUserId('');
      refresh();
    },
    onError: notifyError,
  });
  if (candidates.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <TextField
        select
        label="Member"
        value={userId}
        onChange={(event) => setUserId(event.target.value)}
        sx={{ flexGrow: 1 }}
      >
        {candidates.map((user) => (
          <MenuItem key={user.id} value={user.id}>
            {user.displayName}
          </MenuItem>
        ))}
      </TextField>
      <Button
        size="large"
        variant="outlined"
        startIcon={<PersonAddIcon />}
        disabled={!userId || add.isPending}
        onClick={() => add.mutate()}
      >
        Add member
      </Button>
    </Stack>
  );
};

/** A guest by name: the API answers with their personal link, shown once. */
const GuestAdder = ({
  session,
  onAdded,
}: {
  session: TastingSession;
  onAdded: (guest: GuestLink) => void;
}) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notifyError = useNotifyError();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => dataProvider.addParticipant(session.id, { guestName: name.trim() }),
    onSuccess: (added) => {
      setName('');
      refresh();
      if (added.guestLink)
        onAdded({ participantId: added.id, name: added.displayName, link: added.guestLink });
    },
    onError: notifyError,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) add.mutate();
  };
  return (
    <Stack component="form" direction="row" spacing={1} alignItems="center" onSubmit={submit}>
      <TextField
        label="Guest name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        slotProps={{ htmlInput: { maxLength: 100 } }}
        sx={{ flexGrow: 1 }}
      />
      <Button
        type="submit"
        size="large"
        variant="outlined"
        startIcon={<PersonAddIcon />}
        disabled={!name.trim() || add.isPending}
      >
        Add guest
      </Button>
    </Stack>
  );
};

const roleOf = (session: TastingSession, participant: Participant) => {
  if (participant.isGuest) return 'Guest (no account)';
  return participant.userId === session.host.id ? 'Host' : 'Member';
};

/**
 * Who takes part: the host, household members and guests. While the session is planned, whoever
 * runs it adds members (admins, who can list them) and guests, whose link is shown right away to be
 * copied, and removes anyone but the host.
 */
export const ParticipantsPanel = ({ session, canPlan }: { session: TastingSession; canPlan: boolean }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const refresh = useRefresh();
  /** Links of the guests added during this visit, by participant. */
  const [links, setLinks] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<GuestLink | null>(null);
  const remove = useMutation({
    mutationFn: (participant: Participant) => dataProvider.removeParticipant(session.id, participant.id),
    onSuccess: (_nothing, participant) => {
      notify(`${participant.displayName} no longer takes part`);
      refresh();
    },
    onError: notifyError,
  });
  const added = (guest: GuestLink) => {
    setLinks((current) => ({ ...current, [guest.participantId]: guest.link }));
    setShown(guest);
  };

  return (
    <Card>
      <CardHeader title="Participants" subheader={`${session.participants.length} taking part`} />
      <CardContent sx={{ pt: 0 }}>
        <List dense disablePadding>
          {session.participants.map((participant) => {
            const link = links[participant.id];
            const removable = canPlan && participant.userId !== session.host.id;
            return (
              <ListItem
                key={participant.id}
                disableGutters
                secondaryAction={
                  <Box>
                    {link && (
                      <Tooltip title="Show the guest link">
                        <IconButton
                          size="large"
                          aria-label={`Guest link of ${participant.displayName}`}
                          onClick={() =>
                            setShown({ participantId: participant.id, name: participant.displayName, link })
                          }
                        >
                          <LinkIcon />
                        </IconButton>
                      </Tooltip>
                    )}
                    {removable && (
                      <Tooltip title="Remove">
                        <IconButton
                          size="large"
                          aria-label={`Remove ${participant.displayName}`}
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(participant)}
                        >
                          <PersonRemoveIcon />
                        </IconButton>
                      </Tooltip>
                    )}
                  </Box>
                }
              >
                <ListItemAvatar>
                  <Avatar>{participant.isGuest ? <PersonOutlineIcon /> : <PersonIcon />}</Avatar>
                </ListItemAvatar>
                <ListItemText primary={participant.displayName} secondary={roleOf(session, participant)} />
              </ListItem>
            );
          })}
        </List>
        {canPlan && (
          <Stack spacing={2} sx={{ mt: 2 }}>
            {permissions?.role === 'admin' && <MemberPicker session={session} />}
            <GuestAdder session={session} onAdded={added} />
            <Typography variant="body2" color="text.secondary">
              A guest’s link is shown once, when you add them. Lost it? Remove the guest and add them again.
            </Typography>
          </Stack>
        )}
      </CardContent>
      <GuestLinkDialog guest={shown} onClose={() => setShown(null)} />
    </Card>
  );
};
