import { useState } from 'react';
import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import ListIcon from '@mui/icons-material/List';
import {
  Button,
  Create,
  email,
  maxValue,
  minValue,
  NumberInput,
  RadioButtonGroupInput,
  required,
  SaveButton,
  SimpleForm,
  TextInput,
  LinkBase,
  Title,
  Toolbar,
} from 'react-admin';
import { OneTimeSecret } from '../account/OneTimeSecret';
import type { Schemas } from '../dataProvider';
import { useSignInOptions } from '../login/useConsoleAuthProvider';
import { ROLE_CHOICES } from '../users/roles';
import { DescribedOption } from '../users/DescribedOption';

type CreatedInvite = Schemas['CreatedInviteDto'];

/** The new invite's link, shown this once, and where to go next. */
const InviteCreated = ({ invite, onAnother }: { invite: CreatedInvite; onAnother: () => void }) => {
  const { data: options } = useSignInOptions();
  return (
    <Box sx={{ maxWidth: 720, my: 2 }}>
      <Title title="Invite created" />
      <Card>
        <CardContent>
          <OneTimeSecret
            label="Invite link"
            value={invite.link}
            warning="Copy the link now and send it to the person you invite: it cannot be shown again."
          />
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {invite.email && options?.emailEnabled ? `It was also mailed to ${invite.email}. ` : ''}
            The link works once, until{' '}
            <time dateTime={invite.expiresAt}>{new Date(invite.expiresAt).toLocaleString()}</time>.
          </Typography>
          <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }}>
            <Button component={LinkBase} label="Back to invites" to="/invites" variant="contained">
              <ListIcon />
            </Button>
            <Button label="Invite someone else" onClick={onAnother}>
              <MailOutlineIcon />
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};

/** The defaults make a valid invite: creating one needs no change first. */
const CreateInviteToolbar = () => (
  <Toolbar>
    <SaveButton label="Create invite" alwaysEnable />
  </Toolbar>
);

/**
 * Invites someone into the household (admins): optionally bound to one email address, with the
 * role they get and how long the link works. The link is shown once afterwards.
 */
export const InviteCreate = () => {
  const [created, setCreated] = useState<CreatedInvite>();
  if (created) return <InviteCreated invite={created} onAnother={() => setCreated(undefined)} />;
  return (
    <Create<CreatedInvite>
      title="Invite someone"
      mutationOptions={{ onSuccess: (invite) => setCreated(invite) }}
    >
      <SimpleForm
        defaultValues={{ role: 'user', expiresInDays: 7 }}
        toolbar={<CreateInviteToolbar />}
        sx={{ maxWidth: 640 }}
      >
        <TextInput
          source="email"
          label="Email (optional)"
          type="email"
          helperText="Only this address can use the invite; it is mailed there when mail is set up."
          validate={email()}
        />
        <RadioButtonGroupInput
          source="role"
          label="Role"
          choices={ROLE_CHOICES}
          optionText={<DescribedOption />}
          row={false}
          validate={required()}
        />
        <NumberInput
          source="expiresInDays"
          label="Valid for (days)"
          min={1}
          max={30}
          step={1}
          validate={[required(), minValue(1), maxValue(30)]}
        />
      </SimpleForm>
    </Create>
  );
};
