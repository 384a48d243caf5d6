import {
  Alert,
  Chip,
  LinearProgress,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Stack,
} from '@mui/material';
import ComputerIcon from '@mui/icons-material/Computer';
import LogoutIcon from '@mui/icons-material/Logout';
import SmartphoneIcon from '@mui/icons-material/Smartphone';
import { DateField, RecordContextProvider, useGetList } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { problemMessage } from '../login/useApiForm';
import { AccountSection } from './AccountSection';
import { describeDevice } from './describeDevice';
import { RevokeButton } from './RevokeButton';

type Session = Schemas['SessionDto'];

/** This device first, then the others by when they were last used. */
function byRecentUse(a: Session, b: Session): number {
  if (a.current !== b.current) return a.current ? -1 : 1;
  return b.lastUsedAt.localeCompare(a.lastUsedAt);
}

const DeviceItem = ({ session }: { session: Session }) => {
  const device = describeDevice(session.device);
  return (
    <RecordContextProvider value={session}>
      <ListItem
        divider
        secondaryAction={
          !session.current && (
            <RevokeButton
              resource="auth-sessions"
              label="Sign out"
              icon={<LogoutIcon />}
              confirmTitle="Sign out this device?"
              confirmContent={`${device.name} will have to sign in again.`}
              doneMessage="Device signed out"
            />
          )
        }
      >
        <ListItemIcon>{device.mobile ? <SmartphoneIcon /> : <ComputerIcon />}</ListItemIcon>
        <ListItemText
          sx={{ pr: session.current ? 0 : { xs: 6, sm: 12 } }}
          primary={
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <span>{device.name}</span>
              {session.current && <Chip size="small" color="primary" label="This device" />}
            </Stack>
          }
          secondary={
            <>
              Last active <DateField source="lastUsedAt" showTime component="span" /> · {session.ip}
            </>
          }
          slotProps={{ secondary: { component: 'span', sx: { display: 'block' } } }}
        />
      </ListItem>
    </RecordContextProvider>
  );
};

/** The devices signed in to my account; any but this one can be signed out from here. */
export const DevicesSection = () => {
  const { data, isPending, error } = useGetList<Session>('auth-sessions');
  return (
    <AccountSection
      title="Signed-in devices"
      subheader="Sign out a device you no longer use or do not recognise."
    >
      {isPending ? (
        <LinearProgress />
      ) : error ? (
        <Alert severity="error">{problemMessage(error)}</Alert>
      ) : (
        <List disablePadding aria-label="Signed-in devices">
          {[...data].sort(byRecentUse).map((session) => (
            <DeviceItem key={session.id} session={session} />
          ))}
        </List>
      )}
    </AccountSection>
  );
};
