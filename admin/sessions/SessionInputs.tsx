import { BooleanInput, DateTimeInput, TextInput, maxLength, required } from 'react-admin';

/** The browser's local "yyyy-MM-ddThh:mm" as the instant the API expects. */
const toInstant = (value: string | null) => (value ? new Date(value).toISOString() : null);

/**
 * The plan of a session: title, start, place, blind mode and notes. Start and blind mode are fixed
 * once it is no longer `planned` (the API refuses changing them with 409).
 */
export const SessionInputs = ({ planned = true }: { planned?: boolean }) => (
  <>
    <TextInput source="title" label="Title" validate={[required(), maxLength(200)]} fullWidth />
    <DateTimeInput
      source="startsAt"
      label="Starts at"
      validate={required()}
      parse={toInstant}
      readOnly={!planned}
      helperText={planned ? false : 'Fixed once the session has started'}
    />
    <TextInput source="place" label="Place" validate={maxLength(200)} fullWidth />
    <BooleanInput
      source="blind"
      label="Blind tasting"
      readOnly={!planned}
      helperText="The others see “Sample 1…n” until you reveal each sample or finish"
    />
    <TextInput source="notes" label="Notes" multiline minRows={3} fullWidth />
  </>
);
