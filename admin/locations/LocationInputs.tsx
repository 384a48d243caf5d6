import { TextInput, maxLength, required } from 'react-admin';

/** The fields of a location, on create and edit. */
export const LocationInputs = () => (
  <>
    <TextInput
      source="name"
      validate={[required(), maxLength(100)]}
      helperText="Unique in the household, e.g. Living-room cabinet, top shelf"
    />
    <TextInput source="description" multiline minRows={2} validate={maxLength(2000)} />
  </>
);
