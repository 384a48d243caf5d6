import { NumberInput, TextInput, maxLength, maxValue, minValue, required } from 'react-admin';

/** The fields of an infinity bottle, on create and edit. */
export const InfinityBottleInputs = () => (
  <>
    <TextInput source="name" validate={[required(), maxLength(100)]} helperText="e.g. The Solera" />
    <NumberInput
      source="capacityMl"
      label="Capacity (ml)"
      validate={[required(), minValue(50), maxValue(20_000)]}
      helperText="What the vessel holds; not less than what is in it"
    />
    <TextInput source="notes" multiline minRows={2} validate={maxLength(2000)} />
  </>
);
