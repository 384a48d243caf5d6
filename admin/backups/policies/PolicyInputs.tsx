import { Box, Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  CheckboxGroupInput,
  NumberInput,
  ReferenceArrayInput,
  required,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import { describeCron, ScheduleHelp } from './ScheduleHelp';
import { RetentionPreview } from './RetentionPreview';

/** Every IANA zone the browser knows, for the picker (the API validates the choice). */
const TIME_ZONES = Intl.supportedValuesOf('timeZone').map((zone) => ({ id: zone, name: zone }));
if (!TIME_ZONES.some((zone) => zone.id === 'UTC')) TIME_ZONES.unshift({ id: 'UTC', name: 'UTC' });

const cron = (value: unknown) =>
  typeof value === 'string' && value.trim() && !describeCron(value)
    ? 'Not a valid cron expression'
    : undefined;

/** An age X25519 recipient, as `age-keygen -y` prints it (the API checks the same). */
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

const ageRecipient = (value: unknown) =>
  typeof value === 'string' && !AGE_RECIPIENT.test(value.trim())
    ? 'An age public key: age1 followed by 58 characters'
    : undefined;

const COUNT_FIELDS = [
  ['last', 'Last', 'The newest backups'],
  ['hourly', 'Hourly', 'One per hour'],
  ['daily', 'Daily', 'One per day'],
  ['weekly', 'Weekly', 'One per week'],
  ['monthly', 'Monthly', 'One per month'],
  ['yearly', 'Yearly', 'One per year'],
] as const;

const Heading = ({ children }: { children: string }) => (
  <Typography variant="subtitle1" component="h3" sx={{ mt: 2, mb: 1 }}>
    {children}
  </Typography>
);

/** The fields of a backup policy; `edit` adds the retention preview on the policy's existing runs. */
export const PolicyInputs = ({ edit }: { edit?: boolean }) => (
  <Box sx={{ width: '100%', maxWidth: 840 }}>
    <TextInput source="name" validate={required()} fullWidth />
    <Heading>Schedule</Heading>
    <Box sx={{ display: 'grid', gap: { sm: 2 }, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      <TextInput
        source="schedule"
        label="Schedule (cron)"
        validate={[required(), cron]}
        helperText="minute hour day month weekday, e.g. 0 3 * * *"
      />
      <AutocompleteInput source="timeZone" label="Time zone" choices={TIME_ZONES} validate={required()} />
    </Box>
    <ScheduleHelp />
    <BooleanInput source="enabled" label="Enabled" helperText="Runs on its schedule only while enabled" />
    <Heading>What and where</Heading>
    <BooleanInput source="includeDatabase" label="Include the database" />
    <BooleanInput source="includePhotos" label="Include photos" />
    <ReferenceArrayInput source="targetIds" reference="storage-providers">
      <CheckboxGroupInput
        label="Targets"
        optionText="name"
        helperText="Each backup is written to every target"
      />
    </ReferenceArrayInput>
    <Heading>Extra keys</Heading>
    <Typography variant="body2" color="text.secondary" gutterBottom>
      Every backup can be opened with this instance&apos;s encryption key. Add the public key (age1…) of a key
      you keep elsewhere, e.g. printed in a drawer, so a backup can also be opened without this server.
    </Typography>
    <ArrayInput source="recipients" label="Extra age recipients">
      <SimpleFormIterator inline disableReordering>
        <TextInput
          source=""
          label="Public key"
          validate={[required(), ageRecipient]}
          sx={{ minWidth: { sm: 520 } }}
        />
      </SimpleFormIterator>
    </ArrayInput>
    <Heading>Retention</Heading>
    <Typography variant="body2" color="text.secondary" gutterBottom>
      A backup is kept when any rule keeps it; the others are deleted after each run. Empty: the rule is not
      used.
    </Typography>
    <Box
      sx={{ display: 'grid', gap: { sm: 2 }, gridTemplateColumns: { xs: '1fr 1fr', sm: 'repeat(4, 1fr)' } }}
    >
      {COUNT_FIELDS.map(([key, label, hint]) => (
        <NumberInput key={key} source={`retention.${key}`} label={label} helperText={hint} min={0} step={1} />
      ))}
      <TextInput source="retention.within" label="Within" helperText="e.g. 14d, 2w, 1y6m" />
    </Box>
    {edit && <RetentionPreview />}
    <Heading>Restore drill</Heading>
    <TextInput
      source="drillSchedule"
      label="Drill schedule (cron)"
      validate={cron}
      helperText="When the newest backup is restored into a scratch database to prove it works; empty: never"
      fullWidth
    />
  </Box>
);
