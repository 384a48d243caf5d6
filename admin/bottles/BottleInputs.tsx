import { Grid } from '@mui/material';
import {
  AutocompleteInput,
  DateInput,
  NumberInput,
  ReferenceInput,
  TextInput,
  maxLength,
  maxValue,
  minValue,
} from 'react-admin';

const MAX_AMOUNT = 9_999_999_999.99;
const amount = [minValue(0), maxValue(MAX_AMOUNT)];

/**
 * An ISO 4217 code, needed as soon as the bottle has a price or a value (the API refuses it
 * otherwise).
 */
const currency = (
  value: string | null | undefined,
  values: { purchasePrice?: unknown; estimatedValue?: unknown },
) => {
  if (!value) {
    return values.purchasePrice != null || values.estimatedValue != null
      ? 'Needed with a price or value'
      : undefined;
  }
  return /^[A-Z]{3}$/.test(value) ? undefined : 'Three letters, e.g. GBP';
};

const upperCase = (value: string) => (value ? value.toUpperCase() : null);

/** Where the bottle is kept; `source` is `locationId` on create and `location.id` on edit. */
export const LocationInput = ({ source }: { source: string }) => (
  <ReferenceInput source={source} reference="locations" sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput label="Location" helperText="Where the bottle is kept" />
  </ReferenceInput>
);

/** What the bottle cost, where it came from, what it is worth now, and notes: on create and edit. */
export const PurchaseInputs = () => (
  <Grid container columnSpacing={2} sx={{ width: '100%' }}>
    <Grid size={{ xs: 12, sm: 6 }}>
      <NumberInput source="purchasePrice" label="Purchase price" min={0} step={0.01} validate={amount} />
    </Grid>
    <Grid size={{ xs: 12, sm: 6 }}>
      <TextInput
        source="currency"
        helperText="ISO code, e.g. GBP, EUR, CHF"
        parse={upperCase}
        validate={currency}
      />
    </Grid>
    <Grid size={{ xs: 12, sm: 6 }}>
      <DateInput source="purchasedAt" label="Purchased on" />
    </Grid>
    <Grid size={{ xs: 12, sm: 6 }}>
      <TextInput source="shop" validate={maxLength(200)} />
    </Grid>
    <Grid size={{ xs: 12, sm: 6 }}>
      <NumberInput
        source="estimatedValue"
        label="Estimated value"
        helperText="What it is worth today"
        min={0}
        step={0.01}
        validate={amount}
      />
    </Grid>
    <Grid size={12}>
      <TextInput source="notes" multiline minRows={3} validate={maxLength(10_000)} />
    </Grid>
  </Grid>
);
